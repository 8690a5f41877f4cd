import { SIGNALS, type Signal } from '../share';
import { medianAndIqr } from '../stats/median-iqr';
import type { AccountActivity } from '../streaming/streaming-detector';
import type { WeightedAccountGraph } from './threshold';

/** What an analyst reads first about a cluster. */
export interface ClusterScores {
  readonly size: number;
  /** Edges among members / possible pairs, in the thresholded graph. */
  readonly density: number;
  /** Sum of decayed weights among members. */
  readonly weight: number;
  /** Median and interquartile range of the co-share delays among members, seconds. */
  readonly medianDeltaSeconds: number;
  readonly iqrDeltaSeconds: number;
  /** Coordinated shares / all shares of the members (NaN without activity data). */
  readonly coordinatedShareRatio: number;
  /** Share of the evidence weight per signal (sums to 1). */
  readonly signalMix: Record<Signal, number>;
  /**
   * Distinct objects / co-shares among members, in (0, 1]: near 0 when a group pushes a few items
   * over and over, near 1 when every co-share is about something different.
   */
  readonly contentDiversity: number;
}

export function scoreCluster(
  graph: WeightedAccountGraph,
  members: readonly string[],
  activity?: (account: string) => AccountActivity,
): ClusterScores {
  const inside = new Set(members);
  let edges = 0;
  let weight = 0;
  let coShares = 0;
  const deltas: number[] = [];
  const objects = new Set<string>();
  const signalWeight = Object.fromEntries(SIGNALS.map((signal) => [signal, 0])) as Record<Signal, number>;
  for (const member of members) {
    if (!graph.hasNode(member)) continue;
    graph.forEachEdge(member, (_, attributes, a, b) => {
      // Each inner edge is met from both ends: count it from its lexically smaller one.
      const other = a === member ? b : a;
      if (!inside.has(other) || other < member) return;
      edges++;
      weight += attributes.decayed;
      coShares += attributes.coShares;
      deltas.push(...attributes.deltas);
      for (const object of attributes.objects) objects.add(object);
      for (const signal of SIGNALS) signalWeight[signal] += attributes.signals[signal];
    });
  }
  const totalSignal = SIGNALS.reduce((sum, signal) => sum + signalWeight[signal], 0);
  const signalMix = Object.fromEntries(
    SIGNALS.map((signal) => [signal, totalSignal > 0 ? signalWeight[signal] / totalSignal : 0]),
  ) as Record<Signal, number>;
  let shares = 0;
  let coordinated = 0;
  if (activity !== undefined) {
    for (const member of members) {
      const counts = activity(member);
      shares += counts.shares;
      coordinated += counts.coordinatedShares;
    }
  }
  const { median, iqr } = medianAndIqr(deltas);
  const size = members.length;
  return {
    size,
    density: size > 1 ? (2 * edges) / (size * (size - 1)) : 0,
    weight,
    medianDeltaSeconds: median,
    iqrDeltaSeconds: iqr,
    coordinatedShareRatio: shares > 0 ? coordinated / shares : Number.NaN,
    signalMix,
    contentDiversity: coShares > 0 ? Math.min(1, objects.size / coShares) : 0,
  };
}
