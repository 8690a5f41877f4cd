import { describe, expect, it } from 'vitest';
import type { SerializedClusterGraph } from '../api/types';
import { clusterGraphModel } from './cluster-graph-model';

const serialized: SerializedClusterGraph = {
  options: { type: 'undirected' },
  nodes: ['a', 'b', 'c', 'd'].map((key, i) => ({ key, attributes: { degree: 2, strength: 10 - i * 3 } })),
  edges: [
    { source: 'a', target: 'b', attributes: { weight: 8 } },
    { source: 'b', target: 'c', attributes: { weight: 1 } },
    { source: 'c', target: 'd', attributes: { weight: 2 } },
    { source: 'd', target: 'a', attributes: { weight: 1 } },
  ],
};

describe('clusterGraphModel', () => {
  it('lays the same cluster out the same way every time', () => {
    const positions = () => {
      const { graph } = clusterGraphModel(serialized);
      return graph.mapNodes((node, attributes) => [node, attributes.x, attributes.y]);
    };
    const first = positions();
    expect(first.every(([, x, y]) => Number.isFinite(x) && Number.isFinite(y))).toBe(true);
    expect(positions()).toEqual(first);
  });

  it('sizes accounts by strength and links by evidence, labelled with the account', () => {
    const { graph } = clusterGraphModel(serialized);
    const size = (node: string) => graph.getNodeAttribute(node, 'size') as number;
    expect(size('a')).toBeGreaterThan(size('b'));
    expect(size('b')).toBeGreaterThan(size('d'));
    expect(graph.getNodeAttribute('c', 'label')).toBe('c');
    const width = (a: string, b: string) => graph.getEdgeAttribute(graph.edge(a, b), 'size') as number;
    expect(width('a', 'b')).toBeGreaterThan(width('c', 'd'));
    expect(width('c', 'd')).toBeGreaterThan(width('b', 'c'));
  });
});
