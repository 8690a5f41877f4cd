import type { INestMicroservice } from '@nestjs/common';
import { coordinationEdgeCodec, postDeletionCodec } from '@riptide/contracts';
import { migrateToLatest, openStore, resetStore, type Store } from '@riptide/store';
import type { KafkaConnection } from '@riptide/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletionSuite } from '../libs/store/src/testing/deletion-suite';
import { dumpMaterialised } from '../libs/store/src/testing/dump-materialised';
import { deletion, edge } from '../libs/store/src/testing/fixtures';
import { scratchPostgresStore } from '../libs/store/src/testing/store-factory';
import { waitFor } from './support/coordination-service';
import { isolatedKafka, writeRaw } from './support/kafka-test-env';
import { startMaterialisers } from './support/materialisers';

/**
 * The libs/store deletion suite on the real PostgreSQL (the spec runs it on PGlite): there, unlike
 * PGlite's single connection, edge batches and deletions really run in concurrent transactions.
 */
deletionSuite(scratchPostgresStore());

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T10:00:07.000Z';
const URL_A = 'url:https://news.example/a';

/** posts.deleted through the api's materialisers on the real broker, then a reset and a rebuild. */
describe('posts.deleted into the store through Kafka', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let store: Store;
  let app: INestMicroservice | undefined;

  const start = async () => {
    app = await startMaterialisers(store, kafka.connection);
  };
  const writeEdges = (edges: ReturnType<typeof edge>[]) =>
    writeRaw(
      kafka.connection,
      'coordination.edges',
      edges.map((value) => ({ key: 'e', value: coordinationEdgeCodec.encode(value) })),
    );
  const edgePosts = async () =>
    (
      await store.db.selectFrom('evidence_edges').select(['post_a', 'post_b']).orderBy('post_b').execute()
    ).map((row) => `${row.post_a}-${row.post_b}`);
  /** Messages the store has applied, over every topic and partition. */
  const applied = async () =>
    (await store.db.selectFrom('materialiser_offsets').select('next_offset').execute()).reduce(
      (sum, row) => sum + Number(row.next_offset),
      0,
    );

  beforeAll(async () => {
    kafka = await isolatedKafka('store-deletions');
    store = await openStore();
    await migrateToLatest(store.db);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await kafka?.cleanup();
  });

  it('erases the edges naming a deleted post and withholds those that come later', async () => {
    await writeEdges([
      edge(URL_A, ['a0', 'p0', T0], ['a1', 'p1', T1]),
      edge(URL_A, ['a0', 'p0', T0], ['a2', 'p2', T1]),
    ]);
    await start();
    await waitFor(async () => (await edgePosts()).length === 2, 'both edges are in the store', 60_000);

    // A connector resending its notice after a restart: the same deletion twice.
    const notice = postDeletionCodec.encode(deletion('p2', '2026-12-01T11:00:00.000Z'));
    await writeRaw(kafka.connection, 'posts.deleted', [
      { key: 'p2', value: notice },
      { key: 'p2', value: notice },
    ]);
    await waitFor(async () => (await edgePosts()).length === 1, 'the edge naming p2 is erased', 60_000);
    expect(await edgePosts()).toEqual(['p0-p1']);
    const recorded = await store.db.selectFrom('deleted_posts').selectAll().execute();
    expect(recorded.map((row) => [row.post_id, row.platform, row.deleted_at.toISOString()])).toEqual([
      ['p2', 'bluesky', '2026-12-01T11:00:00.000Z'],
    ]);

    await writeEdges([
      edge(URL_A, ['a1', 'p1', T1], ['a2', 'p2', T1]),
      edge(URL_A, ['a1', 'p1', T1], ['a3', 'p3', T1]),
    ]);
    await waitFor(async () => (await applied()) === 6, 'four edges and two notices are applied', 60_000);
    expect(await edgePosts()).toEqual(['p0-p1', 'p1-p3']);
    const object = await store.db
      .selectFrom('shared_objects')
      .select('coordinated_shares')
      .where('object_id', '=', URL_A)
      .executeTakeFirstOrThrow();
    expect(object.coordinated_shares).toBe('3');
    const a2 = await store.db
      .selectFrom('accounts')
      .select('edge_count')
      .where('account_id', '=', 'a2')
      .executeTakeFirstOrThrow();
    expect(a2.edge_count).toBe('0');
  }, 120_000);

  it('rebuilds the same store after a reset, the erased edge staying erased', async () => {
    const before = await dumpMaterialised(store.db);
    const deletedBefore = await store.db.selectFrom('deleted_posts').selectAll().execute();
    await app?.close();
    app = undefined;
    await resetStore(store.db);
    expect(await edgePosts()).toEqual([]);
    await start();
    await waitFor(async () => (await applied()) === 6, 'the store caught up', 60_000);
    expect(await dumpMaterialised(store.db)).toEqual(before);
    expect(await store.db.selectFrom('deleted_posts').selectAll().execute()).toEqual(deletedBefore);
  }, 120_000);
});
