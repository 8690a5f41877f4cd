import {
  clusterSnapshotCodec,
  coordinationEdgeCodec,
  shareEventCodec,
  type ClusterSnapshot,
} from '@riptide/contracts';
import { openStore, scratchPostgresDatabase, type ScratchDatabase, type Store } from '@riptide/store';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultPipeline, type FaultPipeline } from '../support/faults/fault-pipeline';
import { campaignCluster, reportFault } from '../support/faults/pipeline-checks';
import type { PostTraffic } from '../support/faults/post-traffic';

const CAMPAIGN = Array.from({ length: 6 }, (_, i) => `campaign-api-${i}`);

/**
 * The api's materialisers write each batch's rows and its offsets in one transaction, so a SIGKILL
 * between the database commit and the Kafka commit neither loses nor doubles a row when the batch is
 * delivered again. Checked on PostgreSQL, as deployed: after two kills mid-stream, every counter in the
 * store equals what the topics hold.
 */
describe('fault: the api killed with SIGKILL while it materialises, restarted', () => {
  let database: ScratchDatabase;
  let pipeline: FaultPipeline;
  let traffic: PostTraffic;
  let store: Store;

  beforeAll(async () => {
    database = await scratchPostgresDatabase('fault_api');
    pipeline = await startFaultPipeline('api', ['ingest', 'scorer', 'detect', 'cluster', 'api'], {
      api: { DATABASE_URL: database.url },
    });
    traffic = pipeline.traffic({ postsPerSecond: 150, campaignAccounts: CAMPAIGN });
    store = await openStore({ databaseUrl: database.url });
  }, 300_000);

  afterAll(async () => {
    await store?.close();
    await pipeline?.destroy();
    await database?.drop();
  });

  it('every share, edge and cluster snapshot is in the store exactly once', async () => {
    traffic.start();
    await campaignCluster(pipeline, CAMPAIGN, 0, 4);
    const api = pipeline.service('api');
    const recovery: number[] = [];
    for (let kill = 0; kill < 2; kill++) {
      await sleep(4_000);
      const killedAt = Date.now();
      expect(await api.kill('SIGKILL')).toBeNull();
      await api.start();
      recovery.push(Math.round((Date.now() - killedAt) / 100) / 10);
    }
    await sleep(5_000);
    await traffic.drain(120_000);

    // The cluster role may still publish a snapshot or two after the traffic stops: compare until the
    // store has caught up with the topics as they then are.
    const { expected, stored } = await storeMatchingTopics(pipeline, store, 120_000);
    expect(stored.shares).toEqual(expected.sharesByObject);
    expect(stored.edges).toBe(expected.edgeIdentities);
    expect(stored.clusters).toEqual(expected.latestGenerations);
    expect((await api.ready()).status).toBe(200);

    reportFault({
      fault: 'SIGKILL of the api (materialising into PostgreSQL), twice, 150 posts/s',
      checked: 'shares per object, evidence edges and cluster generations in the store equal the topics',
      // Shares missing from the store, and shares counted twice (the assertions above made both 0).
      delivery: { lost: 0, duplicates: 0, scored: expected.shares },
      recoverSeconds: Math.max(...recovery),
    });
  }, 600_000);
});

interface TopicTruth {
  readonly shares: number;
  readonly sharesByObject: Record<string, number>;
  /** Distinct (signal, object, post pair): redelivered copies of an edge count once. */
  readonly edgeIdentities: number;
  readonly latestGenerations: Record<string, number>;
}

async function topicTruth(pipeline: FaultPipeline): Promise<TopicTruth> {
  const sharesByObject: Record<string, number> = {};
  const shares = await pipeline.readToEnd('shares');
  for (const message of shares) {
    const decoded = message.value && shareEventCodec.decode(message.value);
    if (!decoded || !decoded.ok) continue;
    sharesByObject[decoded.value.object_id] = (sharesByObject[decoded.value.object_id] ?? 0) + 1;
  }
  const identities = new Set<string>();
  for (const message of await pipeline.readToEnd('coordination.edges')) {
    const decoded = message.value && coordinationEdgeCodec.decode(message.value);
    if (decoded && decoded.ok)
      identities.add(
        [decoded.value.signal, decoded.value.object_id, decoded.value.post_a, decoded.value.post_b].join(
          '\u0000',
        ),
      );
  }
  const latest: Record<string, ClusterSnapshot> = {};
  for (const message of await pipeline.readToEnd('coordination.clusters')) {
    const decoded = message.value && clusterSnapshotCodec.decode(message.value);
    if (!decoded || !decoded.ok) continue;
    const known = latest[decoded.value.cluster_id];
    if (known === undefined || known.generation < decoded.value.generation)
      latest[decoded.value.cluster_id] = decoded.value;
  }
  return {
    shares: shares.length,
    sharesByObject,
    edgeIdentities: identities.size,
    latestGenerations: Object.fromEntries(Object.values(latest).map((c) => [c.cluster_id, c.generation])),
  };
}

/** Reads the topics and the store until the store equals them (or the deadline passed): both, last read. */
async function storeMatchingTopics(pipeline: FaultPipeline, store: Store, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const expected = await topicTruth(pipeline);
    const stored = await storedCounts(store);
    const matches =
      JSON.stringify(sorted(stored.shares)) === JSON.stringify(sorted(expected.sharesByObject)) &&
      stored.edges === expected.edgeIdentities &&
      JSON.stringify(sorted(stored.clusters)) === JSON.stringify(sorted(expected.latestGenerations));
    if (matches || Date.now() > deadline) return { expected, stored };
    await sleep(2_000);
  }
}

function sorted(record: Record<string, number>): [string, number][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1));
}

async function storedCounts(store: Store) {
  const objects = await store.db.selectFrom('shared_objects').select(['object_id', 'shares']).execute();
  const edges = await store.db
    .selectFrom('evidence_edges')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  const clusters = await store.db.selectFrom('clusters').select(['cluster_id', 'generation']).execute();
  return {
    shares: Object.fromEntries(objects.map((row) => [row.object_id, Number(row.shares)])),
    edges: Number(edges.count),
    clusters: Object.fromEntries(clusters.map((row) => [row.cluster_id, row.generation])),
  };
}
