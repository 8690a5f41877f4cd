import { KafkaConnection, physicalTopic } from '../config/kafka-connection';
import { createKafka } from '../kafka/kafka-client';
import { applyTopics, TopicDifference } from './apply-topics';
import { topicCatalog } from './topic-catalog';

/** Applies the whole catalog under the connection's prefix (what `riptide topics apply` runs). */
export async function applyTopicCatalog(
  connection: KafkaConnection,
  dryRun = false,
): Promise<TopicDifference[]> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    return await applyTopics(admin, topicCatalog, (name) => physicalTopic(connection, name), dryRun);
  } finally {
    await admin.disconnect();
  }
}
