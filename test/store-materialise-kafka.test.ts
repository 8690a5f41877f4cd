import type { INestMicroservice } from '@nestjs/common';
import {
  clusterSnapshotCodec,
  coordinationEdgeCodec,
  opinionEstimateCodec,
  opinionShiftCodec,
  shareEventCodec,
} from '@riptide/contracts';
import { migrateToLatest, openStore, resetStore, type Store } from '@riptide/store';
import type { KafkaConnection } from '@riptide/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpMaterialised } from '../libs/store/src/testing/dump-materialised';
import { cluster, edge, estimate, share, shift } from '../libs/store/src/testing/fixtures';
import { waitFor } from './support/coordination-service';
import { isolatedKafka, writeRaw } from './support/kafka-test-env';
import { startMaterialisers } from './support/materialisers';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T10:00:07.000Z';
const URL_A = 'url:https://news.example/a';

/**
 * The api's materialisers on the real broker: every topic lands in the store once; after a reset the
 * store, behind the consumer group, reads the topics back on assignment and holds the same rows.
 */
describe('materialisers: topics into the store, and back after a reset', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let store: Store;
  let app: INestMicroservice | undefined;

  const start = async () => {
    app = await startMaterialisers(store, kafka.connection);
  };
  const count = async (table: 'evidence_edges' | 'clusters' | 'opinion_estimates' | 'opinion_shifts') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const shares = async () =>
    Number(
      (
        await store.db
          .selectFrom('shared_objects')
          .select('shares')
          .where('object_id', '=', URL_A)
          .executeTakeFirst()
      )?.shares ?? 0,
    );
  const everything = async () =>
    (await shares()) === 4 &&
    (await count('evidence_edges')) === 2 &&
    (await count('clusters')) === 2 &&
    (await count('opinion_estimates')) === 2 &&
    (await count('opinion_shifts')) === 1;

  beforeAll(async () => {
    kafka = await isolatedKafka('store-materialise');
    store = await openStore();
    await migrateToLatest(store.db);
    const { connection } = kafka;
    const encoded = <T>(codec: { encode(v: T): Buffer }, key: string, values: T[]) =>
      values.map((value) => ({ key, value: codec.encode(value) }));
    await writeRaw(connection, 'shares', [
      ...encoded(
        shareEventCodec,
        URL_A,
        [0, 1, 2, 3].map((i) => share(URL_A, `p${i}`, T0)),
      ),
      { key: URL_A, value: '{"schema":"share/v1"}' },
    ]);
    await writeRaw(connection, 'coordination.edges', [
      ...encoded(coordinationEdgeCodec, 'e', [
        edge(URL_A, ['a0', 'p0', T0], ['a1', 'p1', T1]),
        edge(URL_A, ['a0', 'p0', T0], ['a2', 'p2', T1]),
      ]),
    ]);
    await writeRaw(connection, 'coordination.clusters', [
      ...encoded(clusterSnapshotCodec, 'c1', [cluster('c1', 0, T0, ['a0', 'a1', 'a2', 'a3'])]),
      ...encoded(clusterSnapshotCodec, 'c1', [cluster('c1', 1, T1, ['a0', 'a1'])]),
      ...encoded(clusterSnapshotCodec, 'c2', [cluster('c2', 0, T1, ['a2', 'a3'])]),
    ]);
    await writeRaw(connection, 'opinion.estimates', [
      ...encoded(opinionEstimateCodec, 'vote', [
        estimate('vote', T0),
        estimate('vote', T0, { age: '18-29' }),
      ]),
    ]);
    await writeRaw(connection, 'opinion.shifts', [
      ...encoded(opinionShiftCodec, 'vote', [shift('vote', {}, T1)]),
    ]);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await kafka?.cleanup();
  });

  it('writes every topic into the store, coordinated shares and history included', async () => {
    await start();
    await waitFor(everything, 'every topic is in the store', 60_000);
    const object = await store.db
      .selectFrom('shared_objects')
      .selectAll()
      .where('object_id', '=', URL_A)
      .executeTakeFirstOrThrow();
    expect(object).toMatchObject({ shares: '4', coordinated_shares: '3' });
    const c2 = await store.db
      .selectFrom('cluster_history')
      .select('origins')
      .where('cluster_id', '=', 'c2')
      .executeTakeFirstOrThrow();
    expect(c2.origins).toEqual({ c1: 2 });
  }, 120_000);

  it('rebuilds the same rows from the topics after a reset, though the group has committed them', async () => {
    const before = await dumpMaterialised(store.db);
    await app?.close();
    app = undefined;
    await resetStore(store.db);
    expect(await shares()).toBe(0);
    await start();
    await waitFor(everything, 'the store caught up', 60_000);
    expect(await dumpMaterialised(store.db)).toEqual(before);
  }, 120_000);
});
