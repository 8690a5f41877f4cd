import type { Codec } from '@riptide/contracts';
import type { KafkaConnection } from '../config/kafka-connection';
import { topicEndOffsets } from '../kafka/topic-end-offsets';
import { readPartitionRange, type StoredMessage } from './partition-reader';

/**
 * Every message of a topic from the start of each partition to its current end, partition by partition
 * in offset order, outside any consumer group.
 */
export async function readWholeTopic(
  connection: KafkaConnection,
  logicalTopic: string,
  onMessages: (messages: StoredMessage[]) => void,
  heartbeat?: () => Promise<void>,
): Promise<void> {
  for (const [partition, end] of await topicEndOffsets(connection, logicalTopic))
    await readPartitionRange(
      connection,
      { topic: logicalTopic, partition, fromTimestampMs: 0, untilOffset: end },
      onMessages,
      heartbeat,
    );
}

/**
 * Every value of a topic, decoded: for tools and tests that read a whole event topic (the shifts a demo
 * found). Values the codec refuses are counted, never fatal.
 */
export async function readTopicValues<T>(
  connection: KafkaConnection,
  logicalTopic: string,
  codec: Codec<T>,
): Promise<{ values: T[]; invalid: number }> {
  const values: T[] = [];
  let invalid = 0;
  await readWholeTopic(connection, logicalTopic, (messages) => {
    for (const message of messages) {
      if (message.value === null) continue;
      const decoded = codec.decode(message.value);
      if (decoded.ok) values.push(decoded.value);
      else invalid++;
    }
  });
  return { values, invalid };
}
