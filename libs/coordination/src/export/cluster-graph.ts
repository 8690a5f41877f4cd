/**
 * A cluster's account graph as the exports write it: its members, and one undirected edge per pair of
 * members linked by at least one evidence edge, summarising that pair's evidence.
 */
export interface ClusterGraph {
  readonly clusterId: string;
  readonly nodes: readonly ClusterGraphNode[];
  readonly edges: readonly ClusterGraphEdge[];
}

export interface ClusterGraphNode {
  readonly id: string;
  /** Distinct accounts it is linked to in the cluster's snapshot. */
  readonly degree: number;
  /** Sum of its decayed edge weights in the snapshot. */
  readonly strength: number;
}

export interface ClusterGraphEdge {
  /** source < target: the pair is undirected and written once. */
  readonly source: string;
  readonly target: string;
  /** Evidence edges between the two. */
  readonly weight: number;
  /** The signals of that evidence, sorted. */
  readonly signals: readonly string[];
  /** Distinct objects both shared. */
  readonly objects: number;
  readonly deltaTMedianS: number;
}
