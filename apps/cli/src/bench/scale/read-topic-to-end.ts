import { createKafka, physicalTopic, topicEndOffsets, type KafkaConnection } from '@riptide/stream';
import { randomBytes } from 'node:crypto';

const READ_TIMEOUT_MS = 5 * 60_000;

/**
 * Every value of a topic, from the start of each partition to where it ends now, read by one throwaway
 * group (one join for all partitions: a group per partition would pay a join each). Returns how many
 * messages were read.
 */
export async function readTopicToEnd(
  connection: KafkaConnection,
  logicalTopic: string,
  onValue: (value: Buffer) => void,
): Promise<number> {
  const ends = await topicEndOffsets(connection, logicalTopic);
  const remaining = new Map([...ends].filter(([, end]) => BigInt(end) > 0n));
  if (remaining.size === 0) return 0;
  const kafka = createKafka(connection);
  const groupId = physicalTopic(connection, `bench-reader.${randomBytes(6).toString('hex')}`);
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, maxBytesPerPartition: 8 * 1024 * 1024 });
  let read = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [physicalTopic(connection, logicalTopic)], fromBeginning: true });
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(
        () =>
          fail(
            new Error(
              `${logicalTopic}: read ${read} messages in ${READ_TIMEOUT_MS / 1000} s, not to its end`,
            ),
          ),
        READ_TIMEOUT_MS,
      );
      void consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = remaining.get(batch.partition);
            if (end === undefined) return;
            for (const message of batch.messages) {
              if (BigInt(message.offset) >= BigInt(end)) break;
              if (message.value) onValue(message.value);
              read++;
            }
            if (BigInt(batch.lastOffset()) + 1n >= BigInt(end)) remaining.delete(batch.partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              done();
            }
          },
        })
        .catch(fail);
    });
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return read;
}
