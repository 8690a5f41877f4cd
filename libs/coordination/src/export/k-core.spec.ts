import { describe, expect, it } from 'vitest';
import type { ClusterGraph, ClusterGraphEdge } from './cluster-graph';
import { coreNumbers, trimToKCore } from './k-core';

const edge = (source: string, target: string): ClusterGraphEdge => ({
  source,
  target,
  weight: 1,
  signals: ['co-url'],
  objects: 1,
  deltaTMedianS: 1,
});

/** A 4-clique (a-d, core 3) with a triangle hanging off it (e-f-a... core 2) and a pendant chain (g, h: core 1). */
const graph: ClusterGraph = {
  clusterId: 'k',
  nodes: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'lonely'].map((id, i) => ({
    id,
    degree: 0,
    strength: 10 - i,
  })),
  edges: [
    edge('a', 'b'),
    edge('a', 'c'),
    edge('a', 'd'),
    edge('b', 'c'),
    edge('b', 'd'),
    edge('c', 'd'),
    edge('d', 'e'),
    edge('d', 'f'),
    edge('e', 'f'),
    edge('f', 'g'),
    edge('g', 'h'),
  ],
};

describe('k-core trimming', () => {
  it('computes core numbers', () => {
    expect(Object.fromEntries(coreNumbers(graph))).toEqual({
      a: 3,
      b: 3,
      c: 3,
      d: 3,
      e: 2,
      f: 2,
      g: 1,
      h: 1,
      lonely: 0,
    });
  });

  it('leaves a graph that fits alone', () => {
    expect(trimToKCore(graph, 9)).toEqual({ graph });
  });

  it('keeps the largest core that fits, with its edges', () => {
    const six = trimToKCore(graph, 7);
    expect(six.trimmed).toEqual({ k: 2, kept: 6, total: 9 });
    expect(six.graph.nodes.map((node) => node.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(six.graph.edges).toHaveLength(9);
    expect(trimToKCore(graph, 5).trimmed).toEqual({ k: 3, kept: 4, total: 9 });
  });

  it('cuts the innermost core by strength when even it is too large', () => {
    const two = trimToKCore(graph, 2);
    expect(two.trimmed).toEqual({ k: 3, kept: 2, total: 9 });
    expect(two.graph.nodes.map((node) => node.id)).toEqual(['a', 'b']);
    expect(two.graph.edges).toEqual([edge('a', 'b')]);
  });
});
