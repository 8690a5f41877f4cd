import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@riptide/observability';
import { materialisedOffsets, type MaterialiseMessage, type Store } from '@riptide/store';
import {
  groupCommittedOffsets,
  physicalTopic,
  readPartitionRange,
  type KafkaBatchServer,
  type KafkaConnection,
} from '@riptide/stream';
import { materialiseBatch } from './materialise-batch';
import { materialiseMetrics } from './materialise-metrics';
import { MATERIALISED_TOPICS, type MaterialisedTopic } from './materialised-topics';

const log = createLogger('api:materialise');
const TOPICS = Object.values(MATERIALISED_TOPICS) as MaterialisedTopic<unknown>[];

/**
 * The store, not the consumer group, says how far each partition is materialised: rows and offsets
 * commit together in the store before the group commits in Kafka, so the store is never behind the
 * group, except when it was replaced: a new database, `riptide db reset`, a restored backup, a switch
 * from PGlite to PostgreSQL under the same group id. Then the group would resume past messages the
 * store never saw. So at start, for every partition the group has committed beyond the store, the
 * missing messages are read back from the topic and applied (those already held are skipped by
 * offset). The live consumer's first batch of each partition waits for this (heartbeating), so the
 * order of a partition is kept. Without `groupId` only the first-batch check runs, which needs a new
 * message on the partition to start.
 *
 * The read starts at the partition's beginning, so a store far behind on a long `shares` topic takes
 * a while; the api serves meanwhile, and /ready stays false until the consumer has joined.
 */
export function useMaterialiseCatchUp(
  server: KafkaBatchServer,
  store: Store,
  connection: KafkaConnection,
  groupId?: string,
): void {
  let running: Promise<void> | undefined;
  const startup = () =>
    (running ??= groupId
      ? catchUpWithGroup(store, connection, groupId).catch((error) => {
          running = undefined; // retried by the next partition's first batch
          throw error;
        })
      : Promise.resolve());
  startup().catch((error) =>
    log.error({ error: (error as Error).message }, 'catching up with the consumer group failed; retried'),
  );
  for (const spec of TOPICS)
    server.usePartitionHooks(spec.topic, {
      onPartitionAssigned: async ({ partition, resumeOffset, heartbeat }) => {
        await whileHeartbeating(startup(), heartbeat);
        await catchUpPartition(store, connection, spec, partition, resumeOffset, heartbeat);
      },
    });
}

/** Brings the store up to the group's committed offsets, partition by partition. */
export async function catchUpWithGroup(
  store: Store,
  connection: KafkaConnection,
  groupId: string,
): Promise<void> {
  const committed = await groupCommittedOffsets(
    connection,
    groupId,
    TOPICS.map((spec) => spec.topic),
  );
  for (const spec of TOPICS)
    for (const [partition, offset] of committed.get(spec.topic) ?? [])
      if (BigInt(offset) > 0n) await catchUpPartition(store, connection, spec, partition, offset);
}

/** Applies what the store lacks of one partition before `untilOffset` (exclusive). */
async function catchUpPartition<T>(
  store: Store,
  connection: KafkaConnection,
  spec: MaterialisedTopic<T>,
  partition: number,
  untilOffset: string,
  heartbeat?: () => Promise<void>,
): Promise<void> {
  const physical = physicalTopic(connection, spec.topic);
  const stored = (await materialisedOffsets(store.db, physical)).get(partition) ?? '0';
  if (BigInt(stored) >= BigInt(untilOffset)) return;
  let applied = 0;
  let invalid = 0;
  await readPartitionRange(
    connection,
    { topic: spec.topic, partition, fromTimestampMs: 0, untilOffset },
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
    { topic: spec.topic, partition, storedOffset: stored, untilOffset, applied, invalid },
    'store caught up with the consumer group',
  );
}

/** Keeps the group membership alive while a long catch-up runs. */
async function whileHeartbeating(work: Promise<void>, heartbeat: () => Promise<void>): Promise<void> {
  let done = false;
  const finished = work.finally(() => (done = true));
  while (!done) {
    await Promise.race([finished, sleep(1_000)]);
    if (!done) await heartbeat();
  }
  await finished;
}
