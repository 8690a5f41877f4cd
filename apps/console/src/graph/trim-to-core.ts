import type Graph from 'graphology';
import { coreNumber, kCore } from 'graphology-cores';

export interface Trimming {
  k: number;
  kept: number;
  total: number;
}

export interface EdgeTrimming {
  kept: number;
  total: number;
}

// graphology-cores' typings declare the internal `(assign, graph)` signature; the export is already
// bound to assign = false and takes the graph alone.
const coreNumbers = coreNumber as unknown as (graph: Graph) => Record<string, number>;

/**
 * Keeps a graph drawable: above `budget` nodes it is cut to the smallest k-core that fits, as Hoaxy
 * does, so what remains is the densely coordinated centre rather than an arbitrary sample. When even the
 * main core is too big, its strongest nodes are kept.
 */
export function trimToCore(graph: Graph, budget: number): { graph: Graph; trimming: Trimming | null } {
  if (graph.order <= budget) return { graph, trimming: null };
  const cores = coreNumbers(graph);
  const atLeast = new Map<number, number>();
  for (const k of Object.values(cores)) atLeast.set(k, (atLeast.get(k) ?? 0) + 1);
  const ks = [...atLeast.keys()].sort((a, b) => b - a);
  // Walking from the main core outwards, count the nodes of each k-core; keep the largest that fits.
  let chosen = ks[0];
  let count = 0;
  for (const k of ks) {
    count += atLeast.get(k) ?? 0;
    if (count > budget) break;
    chosen = k;
  }
  const core = kCore(graph, chosen, cores);
  if (core.order > budget) {
    const strongest = core
      .nodes()
      .sort(
        (a, b) =>
          Number(core.getNodeAttribute(b, 'strength') ?? 0) -
          Number(core.getNodeAttribute(a, 'strength') ?? 0),
      );
    for (const node of strongest.slice(budget)) core.dropNode(node);
  }
  return { graph: core, trimming: { k: chosen, kept: core.order, total: graph.order } };
}

/**
 * Keeps the `budget` heaviest links (most evidence; ties by key, so the cut is stable) when a dense core
 * still has more links than a software-rendered WebGL canvas draws smoothly. Nodes all stay.
 */
export function keepHeaviestEdges(graph: Graph, budget: number): EdgeTrimming | null {
  const total = graph.size;
  if (total <= budget) return null;
  const ranked = graph
    .edges()
    .map((edge) => ({ edge, weight: Number(graph.getEdgeAttribute(edge, 'weight') ?? 0) }))
    .sort((a, b) => b.weight - a.weight || (a.edge < b.edge ? -1 : 1));
  for (const { edge } of ranked.slice(budget)) graph.dropEdge(edge);
  return { kept: graph.size, total };
}
