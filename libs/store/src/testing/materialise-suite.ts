import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../engine/open-store';
import { applyBatchOnce } from '../materialise/apply-batch-once';
import { applyClusters } from '../materialise/apply-clusters';
import { applyEvidenceEdges } from '../materialise/apply-evidence-edges';
import { applyOpinionEstimates } from '../materialise/apply-opinion-estimates';
import { applyOpinionShifts } from '../materialise/apply-opinion-shifts';
import { applyShares } from '../materialise/apply-shares';
import { syncTopics } from '../materialise/sync-topics';
import { resetStore } from '../migrations/reset-store';
import type { Database } from '../schema/database';
import { dumpMaterialised as dump } from './dump-materialised';
import { cluster, edge, estimate, messagesOf, share, shift } from './fixtures';
import { migratedStore, type StoreFactory } from './store-factory';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T10:05:00.000Z';
const T2 = '2026-12-01T11:30:00.000Z';
const URL_A = 'url:https://news.example/a';
const TOPICS = [
  {
    id: 'vote',
    name: 'Voting',
    keywords: ['ballot'],
    hashtags: ['vote'],
    patterns: [],
    stance: { target: 'vote', model: 'small' },
    languages: [],
  },
  { id: 'climate', name: 'Climate', keywords: ['climate'], hashtags: [], patterns: [], languages: [] },
];

export function materialiseSuite(open: StoreFactory): void {
  describe('materialisers', () => {
    let store: Store;
    let db: Kysely<Database>;
    beforeAll(async () => {
      store = await migratedStore(open);
      db = store.db;
    });
    afterAll(() => store?.close());
    beforeEach(async () => {
      await resetStore(db);
      await syncTopics(db, TOPICS);
    });

    const objectRow = (objectId: string) =>
      db.selectFrom('shared_objects').selectAll().where('object_id', '=', objectId).executeTakeFirst();

    it('applies a redelivered batch once: counters stay exact and the offset moves past the last', async () => {
      const shares = [share(URL_A, 'p1', T0), share(URL_A, 'p2', T1), share(URL_A, 'p3', T2)];
      expect(await applyBatchOnce(db, 'shares', 0, messagesOf(shares.slice(0, 2)), applyShares)).toEqual({
        applied: 2,
        skipped: 0,
      });
      expect(await applyBatchOnce(db, 'shares', 0, messagesOf(shares), applyShares)).toEqual({
        applied: 1,
        skipped: 2,
      });
      expect(await applyBatchOnce(db, 'shares', 0, messagesOf(shares), applyShares)).toEqual({
        applied: 0,
        skipped: 3,
      });
      const object = await objectRow(URL_A);
      expect(object).toMatchObject({ kind: 'url', shares: '3', coordinated_shares: '0' });
      expect(object?.first_shared_at.toISOString()).toBe(T0);
      expect(object?.last_shared_at.toISOString()).toBe(T2);
      const hours = await db.selectFrom('object_hours').select(['hour', 'shares']).orderBy('hour').execute();
      expect(hours.map((h) => [h.hour.toISOString(), h.shares])).toEqual([
        ['2026-12-01T10:00:00.000Z', '2'],
        ['2026-12-01T11:00:00.000Z', '1'],
      ]);
      const offsets = await db
        .selectFrom('materialiser_offsets')
        .select(['topic', 'partition', 'next_offset'])
        .execute();
      expect(offsets).toEqual([{ topic: 'shares', partition: 0, next_offset: '3' }]);
    });

    it('keeps offsets per topic and partition', async () => {
      await applyBatchOnce(db, 'shares', 1, messagesOf([share(URL_A, 'p1', T0)], 40, 1), applyShares);
      expect(
        await applyBatchOnce(db, 'shares', 0, messagesOf([share(URL_A, 'p2', T0)], 0, 0), applyShares),
      ).toEqual({
        applied: 1,
        skipped: 0,
      });
      expect((await objectRow(URL_A))?.shares).toBe('2');
    });

    it('writes nothing, offset included, when applying fails halfway', async () => {
      const failing = async (trx: Kysely<Database>, messages: Parameters<typeof applyShares>[1]) => {
        await applyShares(trx, messages);
        throw new Error('disk full');
      };
      await expect(
        applyBatchOnce(db, 'shares', 0, messagesOf([share(URL_A, 'p1', T0)]), failing),
      ).rejects.toThrow('disk full');
      expect(await objectRow(URL_A)).toBeUndefined();
      expect(await db.selectFrom('materialiser_offsets').selectAll().execute()).toEqual([]);
    });

    it('refuses a batch that mixes partitions, naming the field', async () => {
      const mixed = [
        ...messagesOf([share(URL_A, 'p1', T0)], 0, 0),
        ...messagesOf([share(URL_A, 'p2', T0)], 0, 1),
      ];
      await expect(applyBatchOnce(db, 'shares', 0, mixed, applyShares)).rejects.toThrow(/^partition: /);
    });

    it('stores each evidence edge once and counts each coordinated post once per object', async () => {
      const e12 = edge(URL_A, ['a1', 'p1', T0], ['a2', 'p2', T1]);
      const e13 = edge(URL_A, ['a1', 'p1', T0], ['a3', 'p3', T1]);
      const e23 = edge(URL_A, ['a2', 'p2', T1], ['a3', 'p3', T1]);
      const other = edge('hashtag:vote', ['a1', 'p1', T0], ['a2', 'p9', T2]);
      await applyShares(
        db,
        messagesOf([share(URL_A, 'p1', T0), share(URL_A, 'p2', T1), share(URL_A, 'p3', T1)]),
      );
      await applyEvidenceEdges(db, messagesOf([e12, e12, e13]));
      expect((await objectRow(URL_A))?.coordinated_shares).toBe('3');
      // Redelivered as new messages (offsets do not guard here): the edge identity does.
      await applyEvidenceEdges(db, messagesOf([e12, e23, other]));
      expect(await db.selectFrom('evidence_edges').select('edge_id').execute()).toHaveLength(4);
      expect(await objectRow(URL_A)).toMatchObject({ shares: '3', coordinated_shares: '3' });
      expect(await objectRow('hashtag:vote')).toMatchObject({
        kind: 'hashtag',
        shares: '0',
        coordinated_shares: '2',
      });
      const accounts = await db
        .selectFrom('accounts')
        .select(['account_id', 'edge_count'])
        .orderBy('account_id')
        .execute();
      expect(accounts).toEqual([
        { account_id: 'a1', edge_count: '3' },
        { account_id: 'a2', edge_count: '3' },
        { account_id: 'a3', edge_count: '2' },
      ]);
      const a2 = await db
        .selectFrom('accounts')
        .selectAll()
        .where('account_id', '=', 'a2')
        .executeTakeFirstOrThrow();
      expect([a2.first_seen_at.toISOString(), a2.last_seen_at.toISOString()]).toEqual([T1, T2]);
    });

    it('keeps the newest generation of a cluster, its first-seen time and its members', async () => {
      await applyClusters(db, messagesOf([cluster('c1', 0, T0, ['a1', 'a2', 'a3'])]));
      await applyClusters(
        db,
        messagesOf([cluster('c1', 2, T2, ['a2', 'a3', 'a4', 'a5']), cluster('c1', 1, T1, ['a1', 'a9'])]),
      );
      const row = await db.selectFrom('clusters').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ cluster_id: 'c1', generation: 2, size: 4, coordination_score: 0.8 });
      expect([row.first_seen_at.toISOString(), row.updated_at.toISOString()]).toEqual([T0, T2]);
      const members = await db
        .selectFrom('cluster_members')
        .select('account_id')
        .orderBy('account_id')
        .execute();
      expect(members.map((m) => m.account_id)).toEqual(['a2', 'a3', 'a4', 'a5']);
      const history = await db.selectFrom('cluster_history').selectAll().orderBy('generation').execute();
      expect(history.map((h) => [h.generation, h.joined, h.left])).toEqual([
        [0, 3, 0],
        [2, 2, 1],
      ]);
      const a1 = await db
        .selectFrom('accounts')
        .selectAll()
        .where('account_id', '=', 'a1')
        .executeTakeFirstOrThrow();
      expect(a1.last_seen_at.toISOString()).toBe(T0);
    });

    it('takes an account listed twice in a snapshot as one member', async () => {
      const twice = cluster('c1', 0, T0, ['a1', 'a2']);
      twice.members.push({ account_id: 'a1', degree: 9, strength: 9 });
      await applyClusters(db, messagesOf([twice]));
      const members = await db
        .selectFrom('cluster_members')
        .select(['account_id', 'degree'])
        .orderBy('account_id')
        .execute();
      expect(members).toEqual([
        { account_id: 'a1', degree: 1 },
        { account_id: 'a2', degree: 1 },
      ]);
    });

    it('names the parent of a split in origins, whichever snapshot of the round comes first', async () => {
      const six = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
      await applyClusters(db, messagesOf([cluster('parent', 0, T0, six)]));
      await applyClusters(
        db,
        messagesOf([cluster('parent', 1, T1, six.slice(0, 3)), cluster('child', 0, T1, six.slice(3))], 1),
      );
      const history = await db
        .selectFrom('cluster_history')
        .select(['cluster_id', 'generation', 'joined', 'left', 'origins'])
        .orderBy('cluster_id')
        .orderBy('generation')
        .execute();
      expect(history).toEqual([
        { cluster_id: 'child', generation: 0, joined: 3, left: 0, origins: { parent: 3 } },
        { cluster_id: 'parent', generation: 0, joined: 6, left: 0, origins: {} },
        { cluster_id: 'parent', generation: 1, joined: 0, left: 3, origins: {} },
      ]);
    });

    it('names both parents of a merge, and keeps a dissolved cluster with its last members', async () => {
      await applyClusters(
        db,
        messagesOf([cluster('x', 0, T0, ['a1', 'a2']), cluster('y', 0, T0, ['a3', 'a4'])]),
      );
      await applyClusters(
        db,
        messagesOf([
          cluster('x', 1, T1, ['a1', 'a2', 'a3', 'a4']),
          cluster('y', 1, T1, ['a3', 'a4'], { status: 'dissolved' }),
        ]),
      );
      const x1 = await db
        .selectFrom('cluster_history')
        .select('origins')
        .where('cluster_id', '=', 'x')
        .where('generation', '=', 1)
        .executeTakeFirstOrThrow();
      expect(x1.origins).toEqual({ y: 2 });
      const y = await db
        .selectFrom('clusters')
        .select('status')
        .where('cluster_id', '=', 'y')
        .executeTakeFirstOrThrow();
      expect(y.status).toBe('dissolved');
      expect(
        await db.selectFrom('cluster_members').where('cluster_id', '=', 'y').select('account_id').execute(),
      ).toHaveLength(2);
      // Later, a split from x: the dissolved y, though it keeps its last members, is no origin any more.
      await applyClusters(
        db,
        messagesOf([cluster('x', 2, T2, ['a1', 'a2']), cluster('z', 0, T2, ['a3', 'a4'])]),
      );
      const z = await db
        .selectFrom('cluster_history')
        .select('origins')
        .where('cluster_id', '=', 'z')
        .executeTakeFirstOrThrow();
      expect(z.origins).toEqual({ x: 2 });
    });

    it("matches a cluster's topics from its top objects and names its dominant signal", async () => {
      const top = (ids: string[]) => ids.map((object_id) => ({ object_id, count: 3 }));
      await applyClusters(
        db,
        messagesOf([
          cluster('h', 0, T0, ['a1', 'a2'], {
            top_objects: top(['hashtag:VOTE', 'url:https://x.example/nothing']),
            signals: { 'co-url': 2, 'co-hashtag': 2 },
          }),
          cluster('k', 0, T0, ['a3', 'a4'], {
            top_objects: top(['url:https://x.example/Climate-now', 'domain:ballot.example']),
            signals: {},
            scores: {},
          }),
        ]),
      );
      const rows = await db
        .selectFrom('clusters')
        .select(['cluster_id', 'topic_ids', 'dominant_signal', 'coordination_score'])
        .orderBy('cluster_id')
        .execute();
      expect(rows).toEqual([
        { cluster_id: 'h', topic_ids: ['vote'], dominant_signal: 'co-url', coordination_score: 0.8 },
        { cluster_id: 'k', topic_ids: ['climate'], dominant_signal: null, coordination_score: 0 },
      ]);
    });

    it('upserts opinion estimates by topic, measure, bucket and group', async () => {
      await applyOpinionEstimates(
        db,
        messagesOf([
          estimate('vote', T0),
          estimate('vote', T0, { age: '18-29' }),
          estimate('vote', T0, {}, 150),
        ]),
      );
      await applyOpinionEstimates(db, messagesOf([estimate('vote', T0, { age: '18-29' }, 70)]));
      const rows = await db
        .selectFrom('opinion_estimates')
        .select(['group_dimension', 'group_value', 'n', 'raw'])
        .orderBy('group_dimension')
        .execute();
      expect(rows.map((r) => [r.group_dimension, r.group_value, r.n])).toEqual([
        ['', '', 150],
        ['age', '18-29', 70],
      ]);
      expect(rows[0].raw.favor.share).toBe(0.5);
    });

    it('upserts opinion shifts by identity with a canonical group and its filterable key', async () => {
      const s = shift('vote', { region: 'north', age: '18-29' }, T1);
      await applyOpinionShifts(db, messagesOf([s, shift('vote', {}, T1)]));
      await applyOpinionShifts(
        db,
        messagesOf([{ ...s, group: { age: '18-29', region: 'north' }, size: 0.25 }]),
      );
      const rows = await db
        .selectFrom('opinion_shifts')
        .select(['group', 'group_key', 'size', 'decomposition'])
        .orderBy('group_key')
        .execute();
      expect(rows.map((r) => [r.group_key, r.size])).toEqual([
        ['', 0.2],
        ['age=18-29,region=north', 0.25],
      ]);
      expect(JSON.stringify(rows[1].group)).toBe('{"age":"18-29","region":"north"}');
    });

    it('syncs topics with the registry, removing those no longer configured', async () => {
      await syncTopics(db, [{ ...TOPICS[0], name: 'Elections', hashtags: ['vote', 'elections'] }]);
      const rows = await db.selectFrom('topics').selectAll().execute();
      expect(rows).toEqual([
        {
          topic_id: 'vote',
          name: 'Elections',
          stance_target: 'vote',
          stance_model: 'small',
          hashtags: ['vote', 'elections'],
          keywords: ['ballot'],
        },
      ]);
    });

    it('gives the same rows when the topics are replayed after a reset, in other batch sizes', async () => {
      const shares = [share(URL_A, 'p1', T0), share(URL_A, 'p2', T1), share('hashtag:vote', 'p3', T2)];
      const edges = [
        edge(URL_A, ['a1', 'p1', T0], ['a2', 'p2', T1]),
        edge(URL_A, ['a1', 'p1', T0], ['a3', 'p4', T1]),
        edge('hashtag:vote', ['a2', 'p3', T2], ['a3', 'p5', T2]),
      ];
      const clusters = [
        cluster('c1', 0, T0, ['a1', 'a2', 'a3', 'a4']),
        cluster('c1', 1, T1, ['a1', 'a2']),
        cluster('c2', 0, T1, ['a3', 'a4']),
        cluster('c2', 1, T2, ['a3', 'a4'], { status: 'dissolved' }),
      ];
      const estimates = [estimate('vote', T0), estimate('vote', T0, { age: '30-49' }), estimate('vote', T1)];
      const shifts = [shift('vote', {}, T1), shift('vote', { age: '30-49' }, T1)];
      const run = async (batchSize: number) => {
        const feed = async <T>(
          topic: string,
          values: T[],
          apply: Parameters<typeof applyBatchOnce<T>>[4],
        ) => {
          const messages = messagesOf(values);
          for (let i = 0; i < messages.length; i += batchSize)
            await applyBatchOnce(db, topic, 0, messages.slice(i, i + batchSize), apply);
        };
        await feed('shares', shares, applyShares);
        await feed('coordination.edges', edges, applyEvidenceEdges);
        // Snapshot rounds stay whole (T0 | T1, T1 | T2): a round cut by a batch boundary may name fewer
        // origins, as applyClusters documents.
        await applyBatchOnce(db, 'coordination.clusters', 0, messagesOf(clusters.slice(0, 1)), applyClusters);
        await applyBatchOnce(
          db,
          'coordination.clusters',
          0,
          messagesOf(clusters, 0).slice(1, 3),
          applyClusters,
        );
        await applyBatchOnce(db, 'coordination.clusters', 0, messagesOf(clusters, 0).slice(3), applyClusters);
        await feed('opinion.estimates', estimates, applyOpinionEstimates);
        await feed('opinion.shifts', shifts, applyOpinionShifts);
        return dump(db);
      };
      const once = await run(100);
      expect(once.evidence_edges).toHaveLength(3);
      await resetStore(db);
      expect(await run(1)).toEqual(once);
    });
  });
}
