import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { keepHeaviestEdges, trimToCore } from './trim-to-core';

/** A clique of `size` accounts named `prefix-i`, each with the given strength. */
function addClique(graph: Graph, prefix: string, size: number, strength = 1): string[] {
  const nodes = Array.from({ length: size }, (_, i) => `${prefix}-${i}`);
  for (const node of nodes) graph.mergeNode(node, { strength });
  for (let a = 0; a < size; a++)
    for (let b = a + 1; b < size; b++) graph.mergeEdge(nodes[a], nodes[b], { weight: 1 });
  return nodes;
}

describe('trimToCore', () => {
  it('leaves a graph within the budget alone', () => {
    const graph = new Graph({ type: 'undirected' });
    addClique(graph, 'a', 5);
    const { graph: kept, trimming } = trimToCore(graph, 5);
    expect(kept).toBe(graph);
    expect(trimming).toBeNull();
  });

  it('keeps the largest k-core that fits: the dense centre, not the periphery', () => {
    const graph = new Graph({ type: 'undirected' });
    const centre = addClique(graph, 'centre', 6); // core number 5
    // A periphery of 20 accounts on a chain hanging off the centre: core number 1.
    let previous = centre[0];
    for (let i = 0; i < 20; i++) {
      graph.mergeEdge(previous, `edge-${i}`, { weight: 1 });
      previous = `edge-${i}`;
    }
    const { graph: kept, trimming } = trimToCore(graph, 10);
    expect(kept.nodes().sort()).toEqual([...centre].sort());
    expect(trimming).toEqual({ k: 5, kept: 6, total: 26 });
  });

  it('cuts even the main core to its strongest accounts when that core is too big', () => {
    const graph = new Graph({ type: 'undirected' });
    const nodes = addClique(graph, 'n', 8);
    nodes.forEach((node, i) => graph.setNodeAttribute(node, 'strength', i));
    const { graph: kept, trimming } = trimToCore(graph, 3);
    expect(kept.nodes().sort()).toEqual(['n-5', 'n-6', 'n-7']);
    expect(trimming).toEqual({ k: 7, kept: 3, total: 8 });
  });
});

describe('keepHeaviestEdges', () => {
  it('drops the lightest links and keeps every account', () => {
    const graph = new Graph({ type: 'undirected' });
    addClique(graph, 'n', 4);
    graph.setEdgeAttribute(graph.edge('n-0', 'n-1'), 'weight', 9);
    graph.setEdgeAttribute(graph.edge('n-2', 'n-3'), 'weight', 5);
    expect(keepHeaviestEdges(graph, 2)).toEqual({ kept: 2, total: 6 });
    expect(graph.order).toBe(4);
    expect(graph.hasEdge('n-0', 'n-1') && graph.hasEdge('n-2', 'n-3')).toBe(true);
    expect(keepHeaviestEdges(graph, 2)).toBeNull();
  });
});
