import { sql, type Insertable, type Kysely } from 'kysely';
import { COORDINATION_SIGNALS, type ClusterSnapshot } from '@riptide/contracts';
import type { ClusterHistoryTable, Database } from '../schema/database';
import { clusterTopicIds, type TopicTerms } from './cluster-topics';
import type { MaterialiseMessage } from './materialise-message';
import { earlier, inChunks, later } from './sql-batches';

/**
 * Cluster id -> member ids, and account id -> cluster ids: the membership the batch changes. Dissolved
 * clusters keep their last members (their snapshot carries them) but are no one's origin any more.
 */
class Membership {
  readonly members = new Map<string, Set<string>>();
  readonly clustersOf = new Map<string, Set<string>>();
  readonly dissolved = new Set<string>();

  add(cluster: string, account: string): void {
    setOf(this.members, cluster).add(account);
    setOf(this.clustersOf, account).add(cluster);
  }

  replace(snapshot: ClusterSnapshot): void {
    const cluster = snapshot.cluster_id;
    for (const account of this.members.get(cluster) ?? []) this.clustersOf.get(account)?.delete(cluster);
    this.members.set(cluster, new Set());
    for (const { account_id } of snapshot.members) this.add(cluster, account_id);
    if (snapshot.status === 'dissolved') this.dissolved.add(cluster);
    else this.dissolved.delete(cluster);
  }
}

/**
 * `coordination.clusters`: the latest snapshot of each cluster (a snapshot whose generation is not newer
 * than the stored one is stale and left out), its members replaced, one history row per generation and
 * the members' accounts seen. History compares each snapshot with the membership just before its
 * snapshot round (the snapshots of one instant, updated_at): a cluster born of a split names its
 * parent in `origins` even when the parent's smaller snapshot came first. A round cut in two by a
 * batch boundary is compared from the cut on: its second part may miss a parent.
 */
export async function applyClusters(
  db: Kysely<Database>,
  messages: readonly MaterialiseMessage<ClusterSnapshot>[],
): Promise<void> {
  const snapshots = messages.map((message) => message.value);
  const clusterIds = [...new Set(snapshots.map((s) => s.cluster_id))];
  const stored = await db
    .selectFrom('clusters')
    .select(['cluster_id', 'generation', 'first_seen_at'])
    .where('cluster_id', 'in', clusterIds)
    .execute();
  const generation = new Map(stored.map((row) => [row.cluster_id, row.generation]));
  const firstSeen = new Map(stored.map((row) => [row.cluster_id, new Date(row.first_seen_at).toISOString()]));
  const fresh = snapshots.filter((s) => {
    if (s.generation <= (generation.get(s.cluster_id) ?? -1)) return false;
    generation.set(s.cluster_id, s.generation);
    if (!firstSeen.has(s.cluster_id)) firstSeen.set(s.cluster_id, s.updated_at);
    return true;
  });
  if (fresh.length === 0) return;

  const membership = await loadMembership(db, fresh);
  const history: Insertable<ClusterHistoryTable>[] = [];
  for (const round of rounds(fresh)) {
    for (const s of round) history.push(historyRow(s, membership));
    for (const s of round) membership.replace(s);
  }

  const latest = new Map(fresh.map((s) => [s.cluster_id, s]));
  const topics = await loadTopics(db);
  await upsertClusters(db, [...latest.values()], firstSeen, topics);
  await replaceMembers(db, [...latest.values()]);
  for (const chunk of inChunks(history, 10))
    await db
      .insertInto('cluster_history')
      .values(chunk)
      .onConflict((conflict) => conflict.columns(['cluster_id', 'generation']).doNothing())
      .execute();
  await seeAccounts(db, fresh);
}

/** Consecutive snapshots with the same updated_at: one snapshot round of the cluster role. */
function rounds(snapshots: readonly ClusterSnapshot[]): ClusterSnapshot[][] {
  const result: ClusterSnapshot[][] = [];
  for (const s of snapshots) {
    const current = result.at(-1);
    if (current && Date.parse(current[0].updated_at) === Date.parse(s.updated_at)) current.push(s);
    else result.push([s]);
  }
  return result;
}

function historyRow(s: ClusterSnapshot, membership: Membership) {
  const before = membership.members.get(s.cluster_id) ?? new Set<string>();
  const after = new Set(s.members.map((m) => m.account_id));
  const origins: Record<string, number> = {};
  for (const account of after)
    for (const cluster of membership.clustersOf.get(account) ?? [])
      if (cluster !== s.cluster_id && !membership.dissolved.has(cluster))
        origins[cluster] = (origins[cluster] ?? 0) + 1;
  return {
    cluster_id: s.cluster_id,
    generation: s.generation,
    updated_at: s.updated_at,
    status: s.status,
    size: s.size,
    edge_count: s.edge_count,
    coordination_score: coordinationScore(s),
    joined: [...after].filter((account) => !before.has(account)).length,
    left: [...before].filter((account) => !after.has(account)).length,
    origins: JSON.stringify(sortedKeys(origins)),
  };
}

/** The stored members of the batch's clusters and every cluster the batch's accounts belong to. */
async function loadMembership(
  db: Kysely<Database>,
  snapshots: readonly ClusterSnapshot[],
): Promise<Membership> {
  const clusterIds = [...new Set(snapshots.map((s) => s.cluster_id))];
  const accounts = [...new Set(snapshots.flatMap((s) => s.members.map((m) => m.account_id)))];
  const { rows } = await sql<{ cluster_id: string; account_id: string; status: string }>`
    select m.cluster_id, m.account_id, c.status
    from (
      select cluster_id, account_id from cluster_members where cluster_id = any(${clusterIds})
      union
      select cluster_id, account_id from cluster_members where account_id = any(${accounts})
    ) m join clusters c on c.cluster_id = m.cluster_id
  `.execute(db);
  const membership = new Membership();
  for (const row of rows) {
    membership.add(row.cluster_id, row.account_id);
    if (row.status === 'dissolved') membership.dissolved.add(row.cluster_id);
  }
  return membership;
}

async function loadTopics(db: Kysely<Database>): Promise<TopicTerms[]> {
  const rows = await db
    .selectFrom('topics')
    .select(['topic_id', 'hashtags', 'keywords'])
    .orderBy('topic_id')
    .execute();
  return rows.map((row) => ({ topic_id: row.topic_id, hashtags: row.hashtags, keywords: row.keywords }));
}

async function upsertClusters(
  db: Kysely<Database>,
  snapshots: readonly ClusterSnapshot[],
  firstSeen: ReadonlyMap<string, string>,
  topics: readonly TopicTerms[],
): Promise<void> {
  const rows = snapshots.map((s) => ({
    cluster_id: s.cluster_id,
    generation: s.generation,
    status: s.status,
    method: s.method,
    first_seen_at: firstSeen.get(s.cluster_id) ?? s.updated_at,
    updated_at: s.updated_at,
    size: s.size,
    edge_count: s.edge_count,
    density: s.density,
    delta_t_median_s: s.delta_t.median_s,
    delta_t_iqr_s: s.delta_t.iqr_s,
    coordination_score: coordinationScore(s),
    dominant_signal: dominantSignal(s.signals),
    signals: JSON.stringify(s.signals),
    top_objects: JSON.stringify(s.top_objects),
    scores: JSON.stringify(s.scores),
    topic_ids: JSON.stringify(
      clusterTopicIds(
        s.top_objects.map((o) => o.object_id),
        topics,
      ),
    ),
    evidence_summary: s.evidence_summary ?? null,
  }));
  for (const chunk of inChunks(rows, 19))
    await db
      .insertInto('clusters')
      .values(chunk)
      .onConflict((conflict) =>
        conflict
          .column('cluster_id')
          .doUpdateSet((eb) => ({
            generation: eb.ref('excluded.generation'),
            status: eb.ref('excluded.status'),
            method: eb.ref('excluded.method'),
            updated_at: eb.ref('excluded.updated_at'),
            size: eb.ref('excluded.size'),
            edge_count: eb.ref('excluded.edge_count'),
            density: eb.ref('excluded.density'),
            delta_t_median_s: eb.ref('excluded.delta_t_median_s'),
            delta_t_iqr_s: eb.ref('excluded.delta_t_iqr_s'),
            coordination_score: eb.ref('excluded.coordination_score'),
            dominant_signal: eb.ref('excluded.dominant_signal'),
            signals: eb.ref('excluded.signals'),
            top_objects: eb.ref('excluded.top_objects'),
            scores: eb.ref('excluded.scores'),
            topic_ids: eb.ref('excluded.topic_ids'),
            evidence_summary: eb.ref('excluded.evidence_summary'),
          }))
          // A stale generation never overwrites a newer one, even if two writers raced.
          .where('clusters.generation', '<', (eb) => eb.ref('excluded.generation')),
      )
      .execute();
}

async function replaceMembers(db: Kysely<Database>, snapshots: readonly ClusterSnapshot[]): Promise<void> {
  await db
    .deleteFrom('cluster_members')
    .where(
      'cluster_id',
      'in',
      snapshots.map((s) => s.cluster_id),
    )
    .execute();
  // An account listed twice in one snapshot is one member (the first listing), not a key violation.
  const rows = snapshots.flatMap((s) =>
    firstListings(s.members).map((m) => ({
      cluster_id: s.cluster_id,
      account_id: m.account_id,
      degree: m.degree,
      strength: m.strength,
    })),
  );
  for (const chunk of inChunks(rows, 4)) await db.insertInto('cluster_members').values(chunk).execute();
}

/** Members are accounts seen at their snapshots' time (first seen never moves later, last never earlier). */
async function seeAccounts(db: Kysely<Database>, snapshots: readonly ClusterSnapshot[]): Promise<void> {
  const seen = new Map<string, { first: string; last: string }>();
  for (const s of snapshots)
    for (const { account_id } of s.members) {
      const account = seen.get(account_id);
      if (!account) seen.set(account_id, { first: s.updated_at, last: s.updated_at });
      else {
        account.first = earlier(account.first, s.updated_at);
        account.last = later(account.last, s.updated_at);
      }
    }
  const rows = [...seen].map(([account_id, a]) => ({
    account_id,
    first_seen_at: a.first,
    last_seen_at: a.last,
    edge_count: 0,
  }));
  for (const chunk of inChunks(rows, 4))
    await db
      .insertInto('accounts')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.column('account_id').doUpdateSet({
          first_seen_at: sql`least(accounts.first_seen_at, excluded.first_seen_at)`,
          last_seen_at: sql`greatest(accounts.last_seen_at, excluded.last_seen_at)`,
        }),
      )
      .execute();
}

function coordinationScore(s: ClusterSnapshot): number {
  return s.scores.coordination ?? 0;
}

/** The signal with the most edges; ties go to the first in COORDINATION_SIGNALS order; null without edges. */
export function dominantSignal(signals: ClusterSnapshot['signals']): string | null {
  let best: string | null = null;
  let most = 0;
  for (const signal of COORDINATION_SIGNALS) {
    const count = signals[signal] ?? 0;
    if (count > most) {
      best = signal;
      most = count;
    }
  }
  return best;
}

function firstListings(members: ClusterSnapshot['members']): ClusterSnapshot['members'] {
  const seen = new Set<string>();
  return members.filter((m) => !seen.has(m.account_id) && seen.add(m.account_id));
}

function sortedKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
