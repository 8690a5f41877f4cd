import type { Insertable, Kysely } from 'kysely';
import type {
  ClusterHistoryTable,
  ClusterTable,
  Database,
  EvidenceEdgeTable,
  OpinionEstimateTable,
  OpinionShiftTable,
  SharedObjectTable,
} from '../../schema/database';

/**
 * Rows written straight into the store for the query suites, each with plausible defaults so that a
 * test names only what it checks. What the materialisers would write is their own suites' business.
 */
export function clusterRow(
  clusterId: string,
  overrides: Partial<Omit<Insertable<ClusterTable>, 'signals' | 'top_objects' | 'scores' | 'topic_ids'>> & {
    signals?: Record<string, number>;
    topic_ids?: string[];
    top_objects?: { object_id: string; count: number }[];
    scores?: Record<string, number>;
  } = {},
): Insertable<ClusterTable> {
  const updatedAt = overrides.updated_at ?? '2026-12-01T12:00:00.000Z';
  return {
    cluster_id: clusterId,
    generation: 1,
    status: 'active',
    method: 'louvain',
    first_seen_at: updatedAt,
    size: 3,
    edge_count: 3,
    density: 1,
    delta_t_median_s: 4,
    delta_t_iqr_s: 2,
    coordination_score: 0.5,
    dominant_signal: 'co-url',
    evidence_summary: null,
    ...overrides,
    updated_at: updatedAt,
    signals: JSON.stringify(overrides.signals ?? { 'co-url': 3 }),
    top_objects: JSON.stringify(overrides.top_objects ?? []),
    scores: JSON.stringify(overrides.scores ?? { coordination: overrides.coordination_score ?? 0.5 }),
    topic_ids: JSON.stringify(overrides.topic_ids ?? []),
  };
}

export async function insertClusters(db: Kysely<Database>, rows: Insertable<ClusterTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('clusters').values(rows).execute();
}

/** Members as [account, degree, strength]. */
export async function insertMembers(
  db: Kysely<Database>,
  clusterId: string,
  members: [string, number, number][],
): Promise<void> {
  await db
    .insertInto('cluster_members')
    .values(
      members.map(([account_id, degree, strength]) => ({
        cluster_id: clusterId,
        account_id,
        degree,
        strength,
      })),
    )
    .execute();
}

let edgeSequence = 0;

/** An evidence edge; its id is unique per call unless given. */
export function edgeRow(
  accountA: string,
  accountB: string,
  objectId: string,
  atA: string,
  overrides: Partial<Insertable<EvidenceEdgeTable>> = {},
): Insertable<EvidenceEdgeTable> {
  edgeSequence += 1;
  const deltaT = overrides.delta_t_s ?? 5;
  const atB = new Date(Date.parse(atA) + deltaT * 1000).toISOString();
  return {
    edge_id: `edge-${String(edgeSequence).padStart(6, '0')}`,
    signal: `co-${objectId.slice(0, objectId.indexOf(':'))}`,
    object_id: objectId,
    account_a: accountA,
    account_b: accountB,
    post_a: `post-${edgeSequence}-a`,
    post_b: `post-${edgeSequence}-b`,
    at_a: atA,
    at_b: atB,
    delta_t_s: deltaT,
    detected_at: atB,
    ...overrides,
  };
}

export async function insertEdges(
  db: Kysely<Database>,
  rows: Insertable<EvidenceEdgeTable>[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto('evidence_edges').values(rows).execute();
}

export function historyRow(
  clusterId: string,
  generation: number,
  overrides: Partial<Omit<Insertable<ClusterHistoryTable>, 'origins'>> & {
    origins?: Record<string, number>;
  } = {},
): Insertable<ClusterHistoryTable> {
  return {
    cluster_id: clusterId,
    generation,
    updated_at: new Date(Date.parse('2026-12-01T00:00:00.000Z') + generation * 60_000).toISOString(),
    status: 'active',
    size: 3,
    edge_count: 3,
    coordination_score: 0.5,
    joined: 0,
    left: 0,
    ...overrides,
    origins: JSON.stringify(overrides.origins ?? {}),
  };
}

export function sharedObjectRow(
  objectId: string,
  shares: number,
  coordinatedShares: number,
  overrides: Partial<Insertable<SharedObjectTable>> = {},
): Insertable<SharedObjectTable> {
  return {
    object_id: objectId,
    kind: objectId.slice(0, objectId.indexOf(':')),
    first_shared_at: '2026-12-01T00:00:00.000Z',
    last_shared_at: '2026-12-01T05:00:00.000Z',
    shares,
    coordinated_shares: coordinatedShares,
    ...overrides,
  };
}

const SHARES = {
  none: { share: 0.5, ci_low: 0.4, ci_high: 0.6 },
  against: { share: 0.3, ci_low: 0.2, ci_high: 0.4 },
  favor: { share: 0.2, ci_low: 0.1, ci_high: 0.3 },
};

/** An estimate of one bucket (hourly, starting `hoursFromStart` after 2026-12-01T00:00Z). */
export function estimateRow(
  topicId: string,
  hoursFromStart: number,
  group: [string, string] | null,
  overrides: Partial<Insertable<OpinionEstimateTable>> = {},
): Insertable<OpinionEstimateTable> {
  const start = Date.parse('2026-12-01T00:00:00.000Z') + hoursFromStart * 3_600_000;
  return {
    topic_id: topicId,
    measure: 'stance',
    bucket_start: new Date(start).toISOString(),
    bucket_end: new Date(start + 3_600_000).toISOString(),
    group_dimension: group?.[0] ?? '',
    group_value: group?.[1] ?? '',
    n: 100,
    n_eff: 80,
    raw: JSON.stringify(SHARES),
    corrected: JSON.stringify(SHARES),
    weighted: JSON.stringify(SHARES),
    correction: 'pacc',
    model: 'stance-small@1.0.0',
    confidence: 0.9,
    estimated_at: new Date(start + 3_700_000).toISOString(),
    ...overrides,
  };
}

export function shiftRow(
  shiftId: string,
  topicId: string,
  group: Record<string, string>,
  detectedAt: string,
  overrides: Partial<Omit<Insertable<OpinionShiftTable>, 'group'>> = {},
): Insertable<OpinionShiftTable> {
  const [dimension, value] = Object.entries(group)[0] ?? [];
  const estimate = (share: number) =>
    JSON.stringify({
      share,
      n_eff: 80,
      ci_low: share - 0.05,
      ci_high: share + 0.05,
      from: detectedAt,
      to: detectedAt,
    });
  return {
    shift_id: shiftId,
    topic_id: topicId,
    detector: 'cusum',
    group: JSON.stringify(group),
    group_key: dimension === undefined ? '' : `${dimension}=${value}`,
    label: 'favor',
    size: 0.2,
    confidence: 0.99,
    before: estimate(0.2),
    after: estimate(0.4),
    decomposition: null,
    detected_at: detectedAt,
    ...overrides,
  };
}

export async function insertTopic(
  db: Kysely<Database>,
  topicId: string,
  hashtags: string[] = [],
): Promise<void> {
  await db
    .insertInto('topics')
    .values({
      topic_id: topicId,
      name: `Topic ${topicId}`,
      stance_target: topicId,
      stance_model: 'small',
      hashtags: JSON.stringify(hashtags),
      keywords: JSON.stringify([]),
    })
    .execute();
}
