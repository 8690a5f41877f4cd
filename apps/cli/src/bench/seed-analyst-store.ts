import type { Database } from '@riptide/store';
import type { Insertable, Kysely } from 'kysely';
import { seededRandom } from '@riptide/nlp';

export interface SeededStore {
  readonly clusters: number;
  readonly members: number;
  readonly evidenceEdges: number;
  /** Cluster ids in insertion order, for requests spread over many clusters. */
  readonly clusterIds: string[];
}

const SIGNALS = ['co-post', 'co-url', 'co-hashtag'] as const;
const ROWS_PER_INSERT = 1_000;
const START_MS = Date.UTC(2026, 10, 1);

/**
 * Fills the analyst store with `clusters` clusters holding `members` member rows between them (sizes
 * drawn around the mean, so some clusters are ten times the mean), and for each cluster the evidence
 * edges that a detector would have produced: a ring over its members plus a chord for every other
 * member, each pair sharing one of the cluster's objects within seconds. Seeded: two runs store the
 * same rows.
 */
export async function seedAnalystStore(
  db: Kysely<Database>,
  target: { readonly clusters: number; readonly members: number },
  progress: (line: string) => void,
): Promise<SeededStore> {
  const random = seededRandom(18);
  const sizes = clusterSizes(target, random);
  const clusterIds: string[] = [];
  let clusterRows: Insertable<Database['clusters']>[] = [];
  let memberRows: Insertable<Database['cluster_members']>[] = [];
  let edgeRows: Insertable<Database['evidence_edges']>[] = [];
  let members = 0;
  let evidenceEdges = 0;

  const flush = async (force: boolean) => {
    if (clusterRows.length >= ROWS_PER_INSERT || force) {
      await insertAll(db, 'clusters', clusterRows);
      clusterRows = [];
    }
    if (memberRows.length >= ROWS_PER_INSERT || force) {
      await insertAll(db, 'cluster_members', memberRows);
      memberRows = [];
    }
    if (edgeRows.length >= ROWS_PER_INSERT || force) {
      await insertAll(db, 'evidence_edges', edgeRows);
      edgeRows = [];
    }
  };

  for (const [index, size] of sizes.entries()) {
    const clusterId = `bench-${index}`;
    clusterIds.push(clusterId);
    const updatedMs = START_MS + index * 60_000;
    const signal = SIGNALS[index % SIGNALS.length];
    const objectId = `${signal.slice(3)}:bench-object-${index % 500}`;
    const accounts = Array.from({ length: size }, (_, i) => `acct-${index}-${i}`);
    const edges = benchEdges(accounts, random);
    clusterRows.push({
      cluster_id: clusterId,
      generation: 1,
      status: index % 10 === 0 ? 'dissolved' : 'active',
      method: 'louvain',
      first_seen_at: new Date(updatedMs - 3_600_000),
      updated_at: new Date(updatedMs),
      size,
      edge_count: edges.length,
      density: Math.min(1, (2 * edges.length) / (size * (size - 1))),
      delta_t_median_s: 4,
      delta_t_iqr_s: 3,
      coordination_score: Math.round(random() * 1000) / 1000,
      dominant_signal: signal,
      signals: JSON.stringify({ [signal]: edges.length }),
      top_objects: JSON.stringify([{ object_id: objectId, count: edges.length }]),
      scores: JSON.stringify({ coordination: 0.5 }),
      topic_ids: JSON.stringify([]),
      evidence_summary: `${size} accounts shared ${objectId}`,
    });
    for (const [i, account] of accounts.entries())
      memberRows.push({ cluster_id: clusterId, account_id: account, degree: 2, strength: 1 + (i % 7) });
    for (const [e, [a, b]] of edges.entries()) {
      const atA = updatedMs - 3_600_000 + e * 30_000;
      const deltaS = Math.round(random() * 100) / 10;
      edgeRows.push({
        edge_id: `${clusterId}-${e}`,
        signal,
        object_id: objectId,
        account_a: a < b ? a : b,
        account_b: a < b ? b : a,
        post_a: `${clusterId}-p${e}a`,
        post_b: `${clusterId}-p${e}b`,
        at_a: new Date(atA),
        at_b: new Date(atA + deltaS * 1000),
        delta_t_s: deltaS,
        detected_at: new Date(atA + deltaS * 1000),
      });
    }
    members += size;
    evidenceEdges += edges.length;
    await flush(false);
    if ((index + 1) % 2_000 === 0) progress(`api: stored ${index + 1} of ${sizes.length} clusters`);
  }
  await flush(true);
  return { clusters: sizes.length, members, evidenceEdges, clusterIds };
}

/** Sizes of at least 3 that add up to `members` exactly, skewed as real clusters are (a few large ones). */
function clusterSizes(target: { clusters: number; members: number }, random: () => number): number[] {
  const weights = Array.from({ length: target.clusters }, () => 1 / (0.1 + random()));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const spare = target.members - 3 * target.clusters;
  const sizes = weights.map((weight) => 3 + Math.floor((weight / total) * spare));
  let missing = target.members - sizes.reduce((sum, size) => sum + size, 0);
  for (let i = 0; missing > 0; i = (i + 1) % sizes.length, missing--) sizes[i]++;
  return sizes;
}

/** A ring over the accounts and a chord from every second account to a random other one. */
function benchEdges(accounts: readonly string[], random: () => number): [string, string][] {
  const edges: [string, string][] = accounts.map((account, i) => [
    account,
    accounts[(i + 1) % accounts.length],
  ]);
  for (let i = 0; i < accounts.length; i += 2) {
    const other = Math.floor(random() * accounts.length);
    if (other !== i) edges.push([accounts[i], accounts[other]]);
  }
  return edges;
}

async function insertAll<T extends 'clusters' | 'cluster_members' | 'evidence_edges'>(
  db: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  // Rows a chord repeats (the same pair twice) carry distinct edge ids: nothing conflicts.
  await db
    .insertInto(table)
    .values(rows as never)
    .execute();
}
