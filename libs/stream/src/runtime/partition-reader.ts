import { randomBytes } from 'node:crypto';
import { KafkaConnection, physicalTopic } from '../config/kafka-connection';
import { createKafka } from '../kafka/kafka-client';

export interface StoredMessage {
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly timestamp: string;
}

export interface PartitionRange {
  /** Logical topic. */
  readonly topic: string;
  readonly partition: number;
  /** Start at the first message at or after this time (epoch ms); the partition's start when older. */
  readonly fromTimestampMs: number;
  /** Stop before this offset (exclusive): usually where the live consumer is about to resume. */
  readonly untilOffset: string;
}

/**
 * Reads one partition over a range, outside any consumer group's committed position: how a stateful
 * processor rebuilds its window from its input topic (the Kafka Streams way) before it resumes. Returns
 * the number of messages read. A throwaway group is used because kafkajs has no manual assignment.
 */
export async function readPartitionRange(
  connection: KafkaConnection,
  range: PartitionRange,
  onMessages: (messages: StoredMessage[]) => void | Promise<void>,
  heartbeat: () => Promise<void> = async () => undefined,
): Promise<number> {
  const topic = physicalTopic(connection, range.topic);
  const kafka = createKafka(connection);
  const admin = kafka.admin();
  await admin.connect();
  const groupId = physicalTopic(connection, `restore.${randomBytes(6).toString('hex')}`);
  try {
    // ListOffsets carries an int64: kafkajs throws on a fractional timestamp, which killed rebuilds.
    const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, Math.floor(range.fromTimestampMs));
    const start = BigInt(
      byTime.find((entry) => entry.partition === range.partition)?.offset ?? range.untilOffset,
    );
    const until = BigInt(range.untilOffset);
    if (start < 0n || start >= until) return 0;

    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    let read = 0;
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        void consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              if (batch.partition !== range.partition) return;
              const wanted = batch.messages.filter(
                (message) => BigInt(message.offset) >= start && BigInt(message.offset) < until,
              );
              if (wanted.length > 0) {
                await onMessages(
                  wanted.map((m) => ({
                    offset: m.offset,
                    key: m.key?.toString() ?? null,
                    value: m.value,
                    timestamp: m.timestamp,
                  })),
                );
                read += wanted.length;
              }
              await heartbeat();
              if (BigInt(batch.lastOffset()) >= until - 1n) resolve();
            },
          })
          .then(() => consumer.seek({ topic, partition: range.partition, offset: start.toString() }), reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return read;
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
