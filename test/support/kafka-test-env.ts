import {
  applyTopicCatalog,
  createKafka,
  KafkaConnection,
  kafkaConnectionFromEnv,
  physicalTopic,
} from '@riptide/stream';
import { randomBytes } from 'node:crypto';

/**
 * Every test file gets its own topic prefix on the real broker (KAFKA_BROKERS, default the local one),
 * so files never see each other's messages; the catalog's topics are created under it and deleted after.
 */
export async function isolatedKafka(
  name: string,
  /** false: no topic is created (a test of what creates them); cleanup still deletes the prefix's. */
  createTopics = true,
): Promise<{ connection: KafkaConnection; cleanup: () => Promise<void> }> {
  const connection: KafkaConnection = {
    ...kafkaConnectionFromEnv(`test-${name}`),
    topicPrefix: `test.${name}.${randomBytes(4).toString('hex')}.`,
  };
  if (createTopics) await applyTopicCatalog(connection);
  const cleanup = async () => {
    const cleaner = createKafka(connection).admin();
    await cleaner.connect();
    try {
      const topics = (await cleaner.listTopics()).filter((topic) => topic.startsWith(connection.topicPrefix));
      if (topics.length > 0) await cleaner.deleteTopics({ topics });
    } finally {
      await cleaner.disconnect();
    }
  };
  return { connection, cleanup };
}

export interface ReadMessage {
  readonly key: string | null;
  readonly value: Buffer;
  readonly partition: number;
  readonly headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning with a throwaway group until `enough(messages)` holds, or fails
 * after `timeoutMs` saying how many messages it saw.
 */
export async function readTopicUntil(
  connection: KafkaConnection,
  logicalTopic: string,
  enough: (messages: ReadMessage[]) => boolean,
  timeoutMs = 60_000,
): Promise<ReadMessage[]> {
  const consumer = createKafka(connection).consumer({
    groupId: `reader-${randomBytes(6).toString('hex')}`,
    maxWaitTimeInMs: 200,
  });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [physicalTopic(connection, logicalTopic)], fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `${logicalTopic}: condition not met within ${timeoutMs} ms after ${messages.length} messages`,
            ),
          ),
        timeoutMs,
      );
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const message of batch.messages) {
            messages.push({
              key: message.key?.toString() ?? null,
              value: message.value ?? Buffer.alloc(0),
              partition: batch.partition,
              headers: Object.fromEntries(
                Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
              ),
            });
          }
          if (enough(messages)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** Writes raw messages straight to a topic, bypassing every validation (for poison-message tests). */
export async function writeRaw(
  connection: KafkaConnection,
  logicalTopic: string,
  messages: { key: string; value: Buffer | string }[],
): Promise<void> {
  const producer = createKafka(connection).producer();
  await producer.connect();
  try {
    await producer.send({ topic: physicalTopic(connection, logicalTopic), acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}
