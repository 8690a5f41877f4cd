import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../schema/database';
import { iso, json, num } from '../row-values';
import { clusterSummary, SUMMARY_COLUMNS, type ClusterSummary } from './cluster-summary';
import { memberEdges } from './member-edges';

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

/** One cluster with its members, history, evidence by object and timeline; undefined when there is none. */
export async function getCluster(
  db: Kysely<Database>,
  clusterId: string,
): Promise<ClusterDetail | undefined> {
  const cluster = await db
    .selectFrom('clusters')
    .select([...SUMMARY_COLUMNS, 'scores'])
    .where('cluster_id', '=', clusterId)
    .executeTakeFirst();
  if (!cluster) return undefined;
  const [members, membersTotal, history, objects, timeline] = await Promise.all([
    db
      .selectFrom('cluster_members')
      .select(['account_id', 'degree', 'strength'])
      .where('cluster_id', '=', clusterId)
      .orderBy('strength', 'desc')
      .orderBy('account_id')
      .limit(DETAIL_MEMBERS)
      .execute(),
    db
      .selectFrom('cluster_members')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('cluster_id', '=', clusterId)
      .executeTakeFirstOrThrow(),
    clusterHistory(db, clusterId),
    objectEvidence(db, clusterId),
    evidenceTimeline(db, clusterId),
  ]);
  return {
    ...clusterSummary(cluster),
    scores: json(cluster.scores),
    members,
    members_total: num(membersTotal.n),
    history,
    objects,
    timeline,
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

async function objectEvidence(db: Kysely<Database>, clusterId: string): Promise<ObjectEvidence[]> {
  const rows = await memberEdges(db, clusterId)
    .select([
      'e.object_id',
      sql<string>`count(*)`.as('edges'),
      // Aggregates of this query, counted distinct inside a subquery: accounts and posts sit in two columns.
      sql<string>`(select count(distinct x) from unnest(array_agg(e.account_a) || array_agg(e.account_b)) as x)`.as(
        'accounts',
      ),
      sql<string>`(select count(distinct x) from unnest(array_agg(e.post_a) || array_agg(e.post_b)) as x)`.as(
        'posts',
      ),
      sql<number>`percentile_cont(0.5) within group (order by e.delta_t_s)`.as('delta_t_median_s'),
      sql<Date>`min(least(e.at_a, e.at_b))`.as('first_at'),
      sql<Date>`max(greatest(e.at_a, e.at_b))`.as('last_at'),
    ])
    .groupBy('e.object_id')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('e.object_id')
    .limit(DETAIL_OBJECTS)
    .execute();
  return rows.map((row) => ({
    object_id: row.object_id,
    kind: objectKind(row.object_id),
    edges: num(row.edges),
    accounts: num(row.accounts),
    posts: num(row.posts),
    delta_t_median_s: num(row.delta_t_median_s),
    first_at: iso(row.first_at),
    last_at: iso(row.last_at),
  }));
}

async function evidenceTimeline(
  db: Kysely<Database>,
  clusterId: string,
): Promise<{ hour: string; edges: number }[]> {
  // The three-argument date_trunc cuts hours in UTC whatever the session's time zone.
  const hour = sql<Date>`date_trunc('hour', e.at_a, 'UTC')`;
  const rows = await memberEdges(db, clusterId)
    .select([hour.as('hour'), sql<string>`count(*)`.as('edges')])
    .groupBy(hour)
    .orderBy(hour, 'desc')
    .limit(DETAIL_TIMELINE_HOURS)
    .execute();
  return rows.reverse().map((row) => ({ hour: iso(row.hour), edges: num(row.edges) }));
}

/** Shared object ids are `<kind>:<value>`. */
export function objectKind(objectId: string): string {
  const colon = objectId.indexOf(':');
  return colon > 0 ? objectId.slice(0, colon) : '';
}
