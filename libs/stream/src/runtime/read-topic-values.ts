import type { Codec } from '@riptide/contracts';
import type { KafkaConnection } from '../config/kafka-connection';
import { topicEndOffsets } from '../kafka/topic-end-offsets';
import { readPartitionRange } from './partition-reader';

/**
 * Every value of a topic from the start of each partition to its current end, decoded, partition by
 * partition in offset order: for tools and tests that read a whole event topic (the shifts a demo
 * found). Values the codec refuses are counted, never fatal.
 */
export async function readTopicValues<T>(
  connection: KafkaConnection,
  logicalTopic: string,
  codec: Codec<T>,
): Promise<{ values: T[]; invalid: number }> {
  const values: T[] = [];
  let invalid = 0;
  for (const [partition, end] of await topicEndOffsets(connection, logicalTopic)) {
    await readPartitionRange(
      connection,
      { topic: logicalTopic, partition, fromTimestampMs: 0, untilOffset: end },
      (messages) => {
        for (const message of messages) {
          if (message.value === null) continue;
          const decoded = codec.decode(message.value);
          if (decoded.ok) values.push(decoded.value);
          else invalid++;
        }
      },
    );
  }
  return { values, invalid };
}
