import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/open-store';
import { migratedStore, type StoreFactory } from '../../testing/store-factory';
import { clusterGraphData } from '../clusters/cluster-graph-data';
import { getCluster } from '../clusters/get-cluster';
import { listClusterEvidence } from '../clusters/list-cluster-evidence';
import type { EvidenceEdge } from '../clusters/list-cluster-evidence';
import { clusterRow, edgeRow, historyRow, insertClusters, insertEdges, insertMembers } from './seed-rows';

/**
 * Cluster k has members a, b, c (and d, whose only edge is with an outsider); edges between members on
 * two objects over two hours; one edge from a member to an account outside the cluster, which is not
 * its evidence.
 */
async function seed(store: Store): Promise<void> {
  await insertClusters(store.db, [
    clusterRow('k', { size: 4, scores: { coordination: 0.8, synchrony: 0.6 }, coordination_score: 0.8 }),
    clusterRow('other'),
  ]);
  await insertMembers(store.db, 'k', [
    ['a', 2, 5],
    ['b', 2, 3],
    ['c', 2, 3],
    ['d', 0, 1],
  ]);
  await insertMembers(store.db, 'other', [['x', 1, 1]]);
  await insertEdges(store.db, [
    edgeRow('a', 'b', 'url:https://x.org/1', '2026-12-01T10:00:00.000Z', { delta_t_s: 2, edge_id: 'e1' }),
    edgeRow('b', 'a', 'url:https://x.org/1', '2026-12-01T10:10:00.000Z', { delta_t_s: 4, edge_id: 'e2' }),
    edgeRow('a', 'c', 'url:https://x.org/1', '2026-12-01T10:20:00.000Z', { delta_t_s: 6, edge_id: 'e3' }),
    edgeRow('b', 'c', 'hashtag:vote', '2026-12-01T11:30:00.000Z', { delta_t_s: 1, edge_id: 'e4' }),
    edgeRow('d', 'x', 'hashtag:vote', '2026-12-01T11:40:00.000Z', { edge_id: 'e5' }),
  ]);
  await store.db
    .insertInto('cluster_history')
    .values([
      historyRow('k', 1, { size: 2, joined: 2 }),
      historyRow('k', 2, { size: 4, joined: 2, origins: { parent: 2 } }),
    ])
    .execute();
}

export function clusterDetailSuite(open: StoreFactory): void {
  describe('getCluster, listClusterEvidence, clusterGraphData', () => {
    let store: Store;
    beforeAll(async () => {
      store = await migratedStore(open);
      await seed(store);
    });
    afterAll(() => store?.close());

    it('shows the members by strength, the history oldest first, and the scores', async () => {
      const detail = await getCluster(store.db, 'k');
      expect(detail).toMatchObject({
        cluster_id: 'k',
        size: 4,
        scores: { coordination: 0.8, synchrony: 0.6 },
      });
      expect(detail!.members).toEqual([
        { account_id: 'a', degree: 2, strength: 5 },
        { account_id: 'b', degree: 2, strength: 3 },
        { account_id: 'c', degree: 2, strength: 3 },
        { account_id: 'd', degree: 0, strength: 1 },
      ]);
      expect(detail!.members_total).toBe(4);
      expect(detail!.history).toEqual([
        expect.objectContaining({ generation: 1, size: 2, joined: 2, origins: {} }),
        expect.objectContaining({
          generation: 2,
          size: 4,
          joined: 2,
          origins: { parent: 2 },
          updated_at: '2026-12-01T00:02:00.000Z',
        }),
      ]);
    });

    it('groups the evidence between members by object, and counts it per hour', async () => {
      const detail = await getCluster(store.db, 'k');
      expect(detail!.objects).toEqual([
        {
          object_id: 'url:https://x.org/1',
          kind: 'url',
          edges: 3,
          accounts: 3,
          posts: 6,
          delta_t_median_s: 4,
          first_at: '2026-12-01T10:00:00.000Z',
          last_at: '2026-12-01T10:20:06.000Z',
        },
        {
          object_id: 'hashtag:vote',
          kind: 'hashtag',
          edges: 1,
          accounts: 2,
          posts: 2,
          delta_t_median_s: 1,
          first_at: '2026-12-01T11:30:00.000Z',
          last_at: '2026-12-01T11:30:01.000Z',
        },
      ]);
      expect(detail!.timeline).toEqual([
        { hour: '2026-12-01T10:00:00.000Z', edges: 3 },
        { hour: '2026-12-01T11:00:00.000Z', edges: 1 },
      ]);
    });

    it('answers undefined for a cluster it does not have', async () => {
      expect(await getCluster(store.db, 'nope')).toBeUndefined();
      expect(await listClusterEvidence(store.db, 'nope')).toBeUndefined();
      expect(await clusterGraphData(store.db, 'nope')).toBeUndefined();
    });

    it('pages the evidence pairs in time order, optionally of one object', async () => {
      const seen: EvidenceEdge[] = [];
      let cursor: string | undefined;
      do {
        const page = await listClusterEvidence(store.db, 'k', { limit: 3, cursor });
        seen.push(...page!.data);
        cursor = page!.next_cursor ?? undefined;
      } while (cursor);
      expect(seen.map((edge) => edge.edge_id)).toEqual(['e1', 'e2', 'e3', 'e4']);
      expect(seen[0]).toEqual({
        edge_id: 'e1',
        signal: 'co-url',
        object_id: 'url:https://x.org/1',
        account_a: 'a',
        account_b: 'b',
        post_a: expect.any(String),
        post_b: expect.any(String),
        at_a: '2026-12-01T10:00:00.000Z',
        at_b: '2026-12-01T10:00:02.000Z',
        delta_t_s: 2,
        detected_at: '2026-12-01T10:00:02.000Z',
      });
      const ofHashtag = await listClusterEvidence(store.db, 'k', { object: 'hashtag:vote' });
      expect(ofHashtag!.data.map((edge) => edge.edge_id)).toEqual(['e4']);
    });

    it('gives the account graph: every member, one edge per linked pair summarising its evidence', async () => {
      const graph = await clusterGraphData(store.db, 'k');
      expect(graph!.nodes.map((node) => node.id)).toEqual(['a', 'b', 'c', 'd']);
      expect(graph!.edges).toEqual([
        { source: 'a', target: 'b', weight: 2, signals: ['co-url'], objects: 1, deltaTMedianS: 3 },
        { source: 'a', target: 'c', weight: 1, signals: ['co-url'], objects: 1, deltaTMedianS: 6 },
        { source: 'b', target: 'c', weight: 1, signals: ['co-hashtag'], objects: 1, deltaTMedianS: 1 },
      ]);
    });
  });
}
