import type { ClusterGraph } from './cluster-graph';

/**
 * Core number of every node (the largest k such that the node belongs to the k-core, the maximal
 * subgraph where every node has at least k neighbours), by Batagelj and Zaversnik's O(m) bucket peeling.
 */
export function coreNumbers(graph: Pick<ClusterGraph, 'nodes' | 'edges'>): Map<string, number> {
  const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
  const neighbours: number[][] = graph.nodes.map(() => []);
  for (const edge of graph.edges) {
    const [a, b] = [index.get(edge.source), index.get(edge.target)];
    if (a === undefined || b === undefined || a === b) continue;
    neighbours[a].push(b);
    neighbours[b].push(a);
  }
  const n = neighbours.length;
  const degree = neighbours.map((list) => list.length);
  const maxDegree = Math.max(0, ...degree);
  // Nodes sorted by degree in `order`, with `start[d]` the first position of degree d.
  const start = new Array<number>(maxDegree + 2).fill(0);
  for (const d of degree) start[d + 1] += 1;
  for (let d = 1; d < start.length; d++) start[d] += start[d - 1];
  const order = new Array<number>(n);
  const position = new Array<number>(n);
  const next = start.slice();
  for (let v = 0; v < n; v++) {
    position[v] = next[degree[v]]++;
    order[position[v]] = v;
  }
  for (let i = 0; i < n; i++) {
    const v = order[i];
    for (const u of neighbours[v]) {
      if (degree[u] <= degree[v]) continue;
      // Move u to the front of its degree bucket, then shrink its degree by one.
      const du = degree[u];
      const firstPosition = start[du];
      const w = order[firstPosition];
      if (w !== u) {
        [order[position[u]], order[firstPosition]] = [w, u];
        [position[u], position[w]] = [firstPosition, position[u]];
      }
      start[du] += 1;
      degree[u] -= 1;
    }
  }
  return new Map(graph.nodes.map((node, i) => [node.id, degree[i]]));
}

export interface TrimmedGraph {
  readonly graph: ClusterGraph;
  /** Set when nodes were dropped: the core kept, and how many of how many nodes remain. */
  readonly trimmed?: { readonly k: number; readonly kept: number; readonly total: number };
}

/**
 * A graph small enough to draw and export, Hoaxy style: when it has more than `maxNodes` nodes, the
 * largest k-core with at most `maxNodes` nodes (the densely coordinated centre, peripheral accounts
 * dropped first). When even the innermost core is larger, its strongest `maxNodes` nodes.
 */
export function trimToKCore(graph: ClusterGraph, maxNodes: number): TrimmedGraph {
  const total = graph.nodes.length;
  if (total <= maxNodes) return { graph };
  const cores = coreNumbers(graph);
  const atLeast = new Map<number, number>();
  for (const core of cores.values()) atLeast.set(core, (atLeast.get(core) ?? 0) + 1);
  const ks = [...atLeast.keys()].sort((a, b) => b - a);
  // Walk from the innermost core outwards while the next core still fits.
  let k = ks[0];
  let size = atLeast.get(k)!;
  for (const candidate of ks.slice(1)) {
    if (size + atLeast.get(candidate)! > maxNodes) break;
    size += atLeast.get(candidate)!;
    k = candidate;
  }
  let nodes = graph.nodes.filter((node) => cores.get(node.id)! >= k);
  if (nodes.length > maxNodes)
    nodes = [...nodes]
      .sort((a, b) => b.strength - a.strength || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, maxNodes);
  const kept = new Set(nodes.map((node) => node.id));
  const keptNodes = graph.nodes.filter((node) => kept.has(node.id));
  return {
    graph: {
      clusterId: graph.clusterId,
      nodes: keptNodes,
      edges: graph.edges.filter((edge) => kept.has(edge.source) && kept.has(edge.target)),
    },
    trimmed: { k, kept: keptNodes.length, total },
  };
}
