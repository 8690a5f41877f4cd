import { createLogger } from '@riptide/observability';
import { materialisedOffsets, type MaterialiseMessage, type Store } from '@riptide/store';
import {
  physicalTopic,
  readPartitionRange,
  type KafkaBatchServer,
  type KafkaConnection,
  type PartitionHooks,
} from '@riptide/stream';
import { materialiseBatch } from './materialise-batch';
import { materialiseMetrics } from './materialise-metrics';
import { MATERIALISED_TOPICS, type MaterialisedTopic } from './materialised-topics';

/**
 * The store, not the consumer group, says how far each partition is materialised. When a partition is
 * assigned and the store is behind the offset the group resumes from (a new database, `riptide db
 * reset`, a restored backup, or a switch from PGlite to PostgreSQL under the same group id), the
 * missing messages are read back from the topic and applied before the first live batch; messages the
 * store already holds are skipped by their offsets. The read starts at the partition's beginning, so
 * a store far behind on a long `shares` topic takes a while: the batch waits, the heartbeat goes on.
 */
export function useMaterialiseCatchUp(
  server: KafkaBatchServer,
  store: Store,
  connection: KafkaConnection,
): void {
  for (const spec of Object.values(MATERIALISED_TOPICS) as MaterialisedTopic<unknown>[])
    server.usePartitionHooks(spec.topic, catchUpHooks(spec, store, connection));
}

function catchUpHooks<T>(
  spec: MaterialisedTopic<T>,
  store: Store,
  connection: KafkaConnection,
): PartitionHooks {
  const log = createLogger('api:materialise');
  const physical = physicalTopic(connection, spec.topic);
  return {
    onPartitionAssigned: async ({ partition, resumeOffset, heartbeat }) => {
      const stored = (await materialisedOffsets(store.db, physical)).get(partition) ?? '0';
      if (BigInt(stored) >= BigInt(resumeOffset)) return;
      let applied = 0;
      let invalid = 0;
      await readPartitionRange(
        connection,
        { topic: spec.topic, partition, fromTimestampMs: 0, untilOffset: resumeOffset },
        async (records) => {
          const messages: MaterialiseMessage<T>[] = [];
          for (const record of records) {
            const decoded = record.value ? spec.codec.decode(record.value) : undefined;
            // Invalid values were dead-lettered when the live consumer first met them.
            if (decoded?.ok) messages.push({ partition, offset: record.offset, value: decoded.value });
            else invalid++;
          }
          applied += (await materialiseBatch(store, spec, physical, partition, messages)).applied;
        },
        heartbeat,
      );
      materialiseMetrics.caughtUp.inc({ topic: spec.topic }, applied);
      log.info(
        { topic: spec.topic, partition, storedOffset: stored, resumeOffset, applied, invalid },
        'store caught up with the consumer group',
      );
    },
  };
}
