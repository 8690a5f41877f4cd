import { KafkaConnection, physicalTopic } from '../config/kafka-connection';
import { createKafka } from './kafka-client';

/** The next offset to be written in each partition of a topic (its high watermark), by partition. */
export async function topicEndOffsets(
  connection: KafkaConnection,
  logicalTopic: string,
): Promise<Map<number, string>> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(physicalTopic(connection, logicalTopic));
    return new Map(offsets.map((entry) => [entry.partition, entry.high]));
  } finally {
    await admin.disconnect();
  }
}
