import { KafkaConnection, physicalTopic } from '../config/kafka-connection';
import { createKafka } from './kafka-client';

/**
 * The offsets a consumer group has committed on each partition of some topics (logical names; the
 * deployment prefix is added to both topics and group), by logical topic, then partition. Partitions the
 * group never committed are absent: a store that materialises a topic compares its own offsets with these.
 */
export async function groupCommittedOffsets(
  connection: KafkaConnection,
  logicalGroupId: string,
  logicalTopics: readonly string[],
): Promise<Map<string, Map<number, string>>> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({
      groupId: physicalTopic(connection, logicalGroupId),
      topics: logicalTopics.map((topic) => physicalTopic(connection, topic)),
    });
    const byTopic = new Map<string, Map<number, string>>();
    for (const topic of logicalTopics) {
      const physical = physicalTopic(connection, topic);
      const partitions = committed.find((entry) => entry.topic === physical)?.partitions ?? [];
      // kafkajs answers -1 for a partition without a committed offset.
      byTopic.set(
        topic,
        new Map(
          partitions
            .filter(({ offset }) => BigInt(offset) >= 0n)
            .map(({ partition, offset }) => [partition, offset]),
        ),
      );
    }
    return byTopic;
  } finally {
    await admin.disconnect();
  }
}
