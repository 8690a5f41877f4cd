import { UndirectedGraph } from 'graphology';
import { quantileType7 } from '../stats/quantile';
import type { AccountEdgeAttributes, DecayingAccountGraph } from './account-graph';

export interface ThresholdOptions {
  /** Event time at which decayed weights are read. */
  readonly now: number;
  /** Keep edges whose decayed weight is >= this. Default 0 (no absolute floor). */
  readonly minWeight?: number;
  /**
   * Keep edges whose decayed weight is strictly above this quantile of all decayed weights
   * (CooRTweet's `edge_weight`, CooRnet's percentile threshold). Default 0.5; 0 keeps all but the minimum.
   */
  readonly quantile?: number;
}

export type WeightedAccountGraph = UndirectedGraph<
  Record<string, never>,
  AccountEdgeAttributes & { decayed: number }
>;

/** The recurrent part of the account graph: a new graph of the edges that pass both thresholds. */
export function recurrentSubgraph(
  accounts: DecayingAccountGraph,
  options: ThresholdOptions,
): WeightedAccountGraph {
  const minWeight = options.minWeight ?? 0;
  const probability = options.quantile ?? 0.5;
  const source = accounts.graph;
  const weights: number[] = [];
  source.forEachEdge((_, attributes) => weights.push(accounts.decayedWeight(attributes, options.now)));
  const threshold = quantileType7(weights, probability);
  const kept: WeightedAccountGraph = new UndirectedGraph();
  source.forEachEdge((_, attributes, a, b) => {
    const decayed = accounts.decayedWeight(attributes, options.now);
    if (decayed < minWeight || !(decayed > threshold)) return;
    kept.mergeNode(a);
    kept.mergeNode(b);
    kept.addEdge(a, b, { ...attributes, decayed });
  });
  return kept;
}
