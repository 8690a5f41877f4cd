import {
  applyTopics,
  createKafka,
  physicalTopic,
  topicCatalog,
  waitForBroker,
  type KafkaConnection,
} from '@riptide/stream';
import { CliError } from '../cli-error';

/** What a connector reads and writes: it cannot start without these. */
const CONNECTOR_TOPICS = ['posts.raw', 'posts.deleted', 'connector.cursors'];

/**
 * `riptide connect` is meant to be all it takes: it checks that a broker answers (naming how to start
 * one) and creates, from the catalog, those of the connector's topics that are missing. It never
 * changes a topic that exists (that is `riptide topics apply`'s job, reported and reviewed); the serve
 * role does none of this, since a deployment applies the catalog first (the topics Job).
 * Returns the physical names it created.
 */
export async function ensureConnectorTopics(connection: KafkaConnection): Promise<string[]> {
  await waitForBroker(connection.brokers, 5_000).catch((error: Error) => {
    throw new CliError(
      `no broker answers on ${connection.brokers.join(',')} (${error.message}): start one with ` +
        '`npx riptide kafka start`, or set KAFKA_BROKERS',
    );
  });
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topicCatalog.filter(
      (spec) => CONNECTOR_TOPICS.includes(spec.name) && !existing.has(physicalTopic(connection, spec.name)),
    );
    const created = await applyTopics(admin, missing, (name) => physicalTopic(connection, name));
    return created.map((difference) => difference.topic);
  } finally {
    await admin.disconnect();
  }
}
