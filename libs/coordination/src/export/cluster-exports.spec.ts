import { XMLParser } from 'fast-xml-parser';
import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import type { ClusterGraph } from './cluster-graph';
import { toClusterGexf, toClusterGraphml, toEdgesCsv, toGraphologyJson, toNodesCsv } from './cluster-exports';

const graph: ClusterGraph = {
  clusterId: 'c<1>',
  nodes: [
    { id: 'a', degree: 2, strength: 3.5 },
    { id: 'b&"b"', degree: 1, strength: 1 },
    { id: 'c', degree: 1, strength: 2 },
  ],
  edges: [
    {
      source: 'a',
      target: 'b&"b"',
      weight: 3,
      signals: ['co-hashtag', 'co-url'],
      objects: 2,
      deltaTMedianS: 4.5,
    },
    { source: 'a', target: 'c', weight: 1, signals: ['co-post'], objects: 1, deltaTMedianS: 1 },
  ],
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['node', 'edge', 'key', 'data', 'attvalue', 'attribute', 'attributes'].includes(name),
});

describe('cluster graph exports', () => {
  it('graphology JSON rebuilds the same graph with its attributes', () => {
    const rebuilt = UndirectedGraph.from(toGraphologyJson(graph));
    expect(rebuilt.order).toBe(3);
    expect(rebuilt.size).toBe(2);
    expect(rebuilt.getNodeAttributes('a')).toEqual({ degree: 2, strength: 3.5, cluster_id: 'c<1>' });
    expect(rebuilt.getEdgeAttributes('a', 'b&"b"')).toEqual({
      weight: 3,
      signals: 'co-hashtag,co-url',
      objects: 2,
      delta_t_median_s: 4.5,
    });
  });

  it('GraphML parses as XML with every node, edge and typed attribute, ids escaped', () => {
    const parsed = parser.parse(toClusterGraphml(graph));
    const g = parsed.graphml.graph[0] ?? parsed.graphml.graph;
    expect(g.edgedefault).toBe('undirected');
    expect(g.node.map((node: { id: string }) => node.id)).toEqual(['a', 'b&"b"', 'c']);
    expect(g.edge).toHaveLength(2);
    expect(g.edge[0]).toMatchObject({ source: 'a', target: 'b&"b"' });
    const data = Object.fromEntries(
      g.edge[0].data.map((d: { key: string; '#text': unknown }) => [d.key, d['#text']]),
    );
    expect(data).toEqual({ weight: 3, signals: 'co-hashtag,co-url', objects: 2, delta_t_median_s: 4.5 });
    expect(parsed.graphml.key.map((key: { id: string }) => key.id)).toEqual([
      'degree',
      'strength',
      'cluster_id',
      'weight',
      'signals',
      'objects',
      'delta_t_median_s',
    ]);
  });

  it('GEXF parses as XML with nodes, weighted edges and attribute values', () => {
    const parsed = parser.parse(toClusterGexf(graph));
    const g = parsed.gexf.graph;
    expect(parsed.gexf.version).toBe('1.3');
    expect(g.defaultedgetype).toBe('undirected');
    expect(g.nodes.node.map((node: { id: string }) => node.id)).toEqual(['a', 'b&"b"', 'c']);
    expect(g.edges.edge.map((edge: { weight: string }) => Number(edge.weight))).toEqual([3, 1]);
    expect(g.edges.edge[0].attvalues.attvalue).toEqual([
      { for: 'signals', value: 'co-hashtag,co-url' },
      { for: 'objects', value: '2' },
      { for: 'delta_t_median_s', value: '4.5' },
    ]);
    expect(parsed.gexf.meta.description).toBe('coordinated cluster c<1>');
  });

  it('CSV quotes cells that need it', () => {
    expect(toEdgesCsv(graph)).toBe(
      'source,target,weight,signals,objects,delta_t_median_s\n' +
        'a,"b&""b""",3,"co-hashtag,co-url",2,4.5\n' +
        'a,c,1,co-post,1,1\n',
    );
    expect(toNodesCsv(graph)).toBe('id,degree,strength\na,2,3.5\n"b&""b""",1,1\nc,1,2\n');
  });
});
