import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../schema/database';
import { iso, json, num } from '../row-values';
import { clusterSummary, SUMMARY_COLUMNS, type ClusterSummary } from './cluster-summary';

/** Members shown with a cluster (the strongest first); members_total says how many there are. */
export const DETAIL_MEMBERS = 500;
/** Objects shown with a cluster (those with the most evidence edges first). */
export const DETAIL_OBJECTS = 100;
/** Snapshot generations shown (the latest). */
export const DETAIL_HISTORY = 500;
/** Hours of evidence timeline shown (the latest). */
export const DETAIL_TIMELINE_HOURS = 2_000;

export interface ClusterMemberRow {
  account_id: string;
  degree: number;
  strength: number;
}

export interface ClusterHistoryRow {
  generation: number;
  updated_at: string;
  status: string;
  size: number;
  edge_count: number;
  coordination_score: number;
  joined: number;
  left: number;
  /** Members that came from another cluster: cluster id -> members. */
  origins: Record<string, number>;
}

/** What the members pushed: their evidence edges on one object. */
export interface ObjectEvidence {
  object_id: string;
  kind: string;
  edges: number;
  accounts: number;
  posts: number;
  delta_t_median_s: number;
  first_at: string;
  last_at: string;
}

export interface ClusterDetail extends ClusterSummary {
  scores: Record<string, number>;
  members: ClusterMemberRow[];
  members_total: number;
  history: ClusterHistoryRow[];
  objects: ObjectEvidence[];
  /** Evidence edges per hour (of the first post of each pair), oldest first. */
  timeline: { hour: string; edges: number }[];
}

/**
 * One cluster with its members, history, evidence by object and timeline; undefined when there is
 * none. Four queries sent at once (one round trip of latency on a pool): the snapshot, the members with
 * their total, the history, and the evidence between members walked once for both its per-object and
 * its per-hour summaries.
 */
export async function getCluster(
  db: Kysely<Database>,
  clusterId: string,
): Promise<ClusterDetail | undefined> {
  const [cluster, members, history, evidence] = await Promise.all([
    db
      .selectFrom('clusters')
      .select([...SUMMARY_COLUMNS, 'scores'])
      .where('cluster_id', '=', clusterId)
      .executeTakeFirst(),
    db
      .selectFrom('cluster_members')
      .select(['account_id', 'degree', 'strength', sql<string>`count(*) over ()`.as('total')])
      .where('cluster_id', '=', clusterId)
      .orderBy('strength', 'desc')
      .orderBy('account_id')
      .limit(DETAIL_MEMBERS)
      .execute(),
    clusterHistory(db, clusterId),
    evidenceSummaries(db, clusterId),
  ]);
  if (!cluster) return undefined;
  return {
    ...clusterSummary(cluster),
    scores: json(cluster.scores),
    members: members.map(({ account_id, degree, strength }) => ({ account_id, degree, strength })),
    members_total: num(members[0]?.total),
    history,
    ...evidence,
  };
}

async function clusterHistory(db: Kysely<Database>, clusterId: string): Promise<ClusterHistoryRow[]> {
  const rows = await db
    .selectFrom('cluster_history')
    .selectAll()
    .where('cluster_id', '=', clusterId)
    .orderBy('generation', 'desc')
    .limit(DETAIL_HISTORY)
    .execute();
  return rows.reverse().map((row) => ({
    generation: row.generation,
    updated_at: iso(row.updated_at),
    status: row.status,
    size: row.size,
    edge_count: row.edge_count,
    coordination_score: row.coordination_score,
    joined: row.joined,
    left: row.left,
    origins: json(row.origins),
  }));
}

interface ObjectJson extends Omit<ObjectEvidence, 'kind' | 'first_at' | 'last_at'> {
  first_at: string;
  last_at: string;
}

/**
 * The members' evidence grouped by object (the 100 with the most edges) and by hour of the first post
 * (the latest 2,000 hours), from one pass over the edges. Both come back as JSON arrays; their
 * timestamps carry the session's offset, hence the re-formatting.
 */
async function evidenceSummaries(
  db: Kysely<Database>,
  clusterId: string,
): Promise<Pick<ClusterDetail, 'objects' | 'timeline'>> {
  const { rows } = await sql<{
    objects: ObjectJson[] | string;
    timeline: { hour: string; edges: number }[] | string;
  }>`
    with member_edges as materialized (
      select e.object_id, e.account_a, e.account_b, e.post_a, e.post_b, e.at_a, e.at_b, e.delta_t_s
      from cluster_members ma
      join evidence_edges e on e.account_a = ma.account_id
      join cluster_members mb on mb.account_id = e.account_b and mb.cluster_id = ${clusterId}
      where ma.cluster_id = ${clusterId}
    ),
    by_object as (
      select object_id,
        count(*) as edges,
        -- Aggregates of this query counted distinct in a subquery: accounts and posts sit in two columns.
        (select count(distinct x) from unnest(array_agg(account_a) || array_agg(account_b)) as x) as accounts,
        (select count(distinct x) from unnest(array_agg(post_a) || array_agg(post_b)) as x) as posts,
        percentile_cont(0.5) within group (order by delta_t_s) as delta_t_median_s,
        min(least(at_a, at_b)) as first_at,
        max(greatest(at_a, at_b)) as last_at
      from member_edges group by object_id
      order by count(*) desc, object_id limit ${DETAIL_OBJECTS}
    ),
    by_hour as (
      -- The three-argument date_trunc cuts hours in UTC whatever the session's time zone.
      select date_trunc('hour', at_a, 'UTC') as hour, count(*) as edges
      from member_edges group by 1 order by 1 desc limit ${DETAIL_TIMELINE_HOURS}
    )
    select
      (select coalesce(json_agg(o order by o.edges desc, o.object_id), '[]') from by_object o) as objects,
      (select coalesce(json_agg(h order by h.hour), '[]') from by_hour h) as timeline
  `.execute(db);
  const objects = json(rows[0].objects);
  const timeline = json(rows[0].timeline);
  return {
    objects: objects.map((row) => ({
      object_id: row.object_id,
      kind: objectKind(row.object_id),
      edges: num(row.edges),
      accounts: num(row.accounts),
      posts: num(row.posts),
      delta_t_median_s: num(row.delta_t_median_s),
      first_at: iso(row.first_at),
      last_at: iso(row.last_at),
    })),
    timeline: timeline.map((row) => ({ hour: iso(row.hour), edges: num(row.edges) })),
  };
}

/** Shared object ids are `<kind>:<value>`. */
export function objectKind(objectId: string): string {
  const colon = objectId.indexOf(':');
  return colon > 0 ? objectId.slice(0, colon) : '';
}
