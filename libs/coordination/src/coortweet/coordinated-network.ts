import type { PairList } from '../batch/pair-list';
import { quantileType7 } from '../stats/quantile';
import type { ShareTable } from '../table/share-table';
import type { CoordinatedPairs } from './detect-groups';
import { flagSpeedShares } from './speed-share';

/** Edge attributes as in CooRTweet's `generate_coordinated_network`. */
export interface PairAggregate {
  /** Number of co-share pairs between the two accounts. */
  readonly weight: number;
  /** Mean |Δt| of those pairs, in seconds. */
  readonly avgTimeDelta: number;
  /** Distinct contents on the "older" side of the pairs (CooRTweet's `n_content_id`). */
  readonly olderContents: number;
  /** Distinct contents on the "newer" side (`n_content_id_y`). */
  readonly newerContents: number;
  /** min(olderContents, newerContents) / max(...): 1 when both sides contribute equally. */
  readonly symmetry: number;
}

export interface CoordinatedEdge {
  /** The two accounts, `a < b` in JavaScript string order. */
  readonly a: string;
  readonly b: string;
  readonly full: PairAggregate;
  /** Present when a fast window was given and the pair co-shared within it. */
  readonly fast?: PairAggregate;
  /** full.weight > the `edgeWeight` quantile of all full weights (strictly, as CooRTweet). */
  readonly aboveThreshold: boolean;
  /** fast.weight > the `edgeWeight` quantile of the fast weights. */
  readonly aboveFastThreshold: boolean;
}

export interface CoordinatedNetwork {
  readonly nodes: string[];
  readonly edges: CoordinatedEdge[];
  readonly threshold: number;
  /** NaN without a fast window. */
  readonly fastThreshold: number;
}

/**
 * 0: full network; 1: edges above the weight quantile; 2: fast edges above the fast-weight quantile;
 * 3: the vertices of subgraph 2, all their neighbours, and every edge among those (CooRTweet's
 * "context" of the fastest network).
 */
export type Subgraph = 0 | 1 | 2 | 3;

export interface NetworkOptions {
  /** Quantile in [0, 1] of the weight distribution that an edge must exceed. CooRTweet default 0.5. */
  readonly edgeWeight?: number;
  readonly subgraph?: Subgraph;
  /** The narrower window of `flag_speed_share`; required by subgraphs 2 and 3. */
  readonly fastWindow?: number;
  /** Min participation for the fast pairs; CooRTweet passes the one used in detection. */
  readonly minParticipation?: number;
}

/** CooRTweet's `generate_coordinated_network` (+ `flag_speed_share` when `fastWindow` is set). */
export function generateCoordinatedNetwork(
  detected: CoordinatedPairs,
  options: NetworkOptions = {},
): CoordinatedNetwork {
  const edgeWeight = options.edgeWeight ?? 0.5;
  const subgraph = options.subgraph ?? 0;
  if (!(edgeWeight >= 0 && edgeWeight <= 1))
    throw new RangeError(`edgeWeight must be a quantile within [0, 1], got ${edgeWeight}`);
  if (![0, 1, 2, 3].includes(subgraph))
    throw new RangeError(`subgraph must be 0, 1, 2 or 3, got ${subgraph}`);
  if ((subgraph === 2 || subgraph === 3) && options.fastWindow === undefined) {
    throw new RangeError(`subgraph ${subgraph} needs fastWindow (the narrower window of flag_speed_share)`);
  }
  const { table, pairs } = detected;
  const full = aggregatePairs(table, pairs);
  const fastFlags =
    options.fastWindow === undefined
      ? undefined
      : flagSpeedShares(detected, options.fastWindow, options.minParticipation ?? 0);
  const fast =
    fastFlags === undefined
      ? undefined
      : aggregatePairs(
          table,
          pairs.filter((k) => fastFlags[k] === 1),
        );

  const threshold = quantileType7(
    full.aggregates.map((edge) => edge.weight),
    edgeWeight,
  );
  const fastThreshold =
    fast === undefined
      ? Number.NaN
      : quantileType7(
          fast.aggregates.map((edge) => edge.weight),
          edgeWeight,
        );
  let edges: CoordinatedEdge[] = full.keys.map((key, index) => {
    const fastIndex = fast?.indexByKey.get(key);
    const fastAggregate = fastIndex === undefined ? undefined : fast?.aggregates[fastIndex];
    const [a, b] = orderedAccounts(table, key);
    return {
      a,
      b,
      full: full.aggregates[index],
      fast: fastAggregate,
      aboveThreshold: full.aggregates[index].weight > threshold,
      aboveFastThreshold: fastAggregate !== undefined && fastAggregate.weight > fastThreshold,
    };
  });
  if (subgraph === 1) edges = edges.filter((edge) => edge.aboveThreshold);
  if (subgraph === 2) edges = edges.filter((edge) => edge.aboveFastThreshold);
  if (subgraph === 3) edges = fastContext(edges);
  return { nodes: nodesOf(edges), edges, threshold, fastThreshold };
}

/** Subgraph 3: neighbours (in the full graph) of the fast-coordinated vertices, and the induced edges. */
function fastContext(edges: CoordinatedEdge[]): CoordinatedEdge[] {
  const core = new Set<string>();
  for (const edge of edges) {
    if (!edge.aboveFastThreshold) continue;
    core.add(edge.a);
    core.add(edge.b);
  }
  const context = new Set<string>();
  for (const edge of edges) {
    if (core.has(edge.a)) context.add(edge.b);
    if (core.has(edge.b)) context.add(edge.a);
  }
  return edges.filter((edge) => context.has(edge.a) && context.has(edge.b));
}

function nodesOf(edges: readonly CoordinatedEdge[]): string[] {
  const nodes = new Set<string>();
  for (const edge of edges) {
    nodes.add(edge.a);
    nodes.add(edge.b);
  }
  return [...nodes];
}

interface Aggregation {
  /** Account-pair keys (low * accounts + high) in first-seen order. */
  readonly keys: number[];
  readonly indexByKey: Map<number, number>;
  readonly aggregates: PairAggregate[];
}

function aggregatePairs(table: ShareTable, pairs: PairList): Aggregation {
  const accountCount = table.accounts.length;
  const contentCount = table.contentCount;
  const indexByKey = new Map<number, number>();
  const keys: number[] = [];
  const weight: number[] = [];
  const deltaSum: number[] = [];
  const olderSeen = new Set<number>();
  const newerSeen = new Set<number>();
  const olderCount: number[] = [];
  const newerCount: number[] = [];
  for (let k = 0; k < pairs.length; k++) {
    const older = pairs.older[k];
    const newer = pairs.newer[k];
    const x = table.account[older];
    const y = table.account[newer];
    const key = x < y ? x * accountCount + y : y * accountCount + x;
    let index = indexByKey.get(key);
    if (index === undefined) {
      index = keys.length;
      indexByKey.set(key, index);
      keys.push(key);
      weight.push(0);
      deltaSum.push(0);
      olderCount.push(0);
      newerCount.push(0);
    }
    weight[index]++;
    deltaSum[index] += table.time[newer] - table.time[older];
    const olderKey = index * contentCount + table.content[older];
    if (!olderSeen.has(olderKey)) {
      olderSeen.add(olderKey);
      olderCount[index]++;
    }
    const newerKey = index * contentCount + table.content[newer];
    if (!newerSeen.has(newerKey)) {
      newerSeen.add(newerKey);
      newerCount[index]++;
    }
  }
  const aggregates = keys.map((_, index) => ({
    weight: weight[index],
    avgTimeDelta: deltaSum[index] / weight[index],
    olderContents: olderCount[index],
    newerContents: newerCount[index],
    symmetry: Math.min(olderCount[index], newerCount[index]) / Math.max(olderCount[index], newerCount[index]),
  }));
  return { keys, indexByKey, aggregates };
}

function orderedAccounts(table: ShareTable, key: number): [string, string] {
  const count = table.accounts.length;
  const first = table.accounts[Math.floor(key / count)];
  const second = table.accounts[key % count];
  return first < second ? [first, second] : [second, first];
}
