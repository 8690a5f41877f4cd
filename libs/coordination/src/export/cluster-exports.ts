import { UndirectedGraph } from 'graphology';
import type { SerializedGraph } from 'graphology-types';
import type { ClusterGraph, ClusterGraphEdge, ClusterGraphNode } from './cluster-graph';
import { csvCell } from './csv-cell';
import { writeGraphml } from './graphml-writer';
import { xmlEscape } from './xml-escape';

// A cluster's account graph in the formats analysts load it in: graphology JSON (sigma.js, the
// console), GraphML and GEXF (Gephi, igraph, networkx), and edge and node CSV (R, pandas). Every format
// carries the same attributes under the same names.

export interface NodeAttributes {
  degree: number;
  strength: number;
  cluster_id: string;
}

export interface EdgeAttributes {
  weight: number;
  /** Comma-separated, as in the CSV and XML formats. */
  signals: string;
  objects: number;
  delta_t_median_s: number;
}

function nodeAttributes(node: ClusterGraphNode, clusterId: string): NodeAttributes {
  return { degree: node.degree, strength: node.strength, cluster_id: clusterId };
}

function edgeAttributes(edge: ClusterGraphEdge): EdgeAttributes {
  return {
    weight: edge.weight,
    signals: edge.signals.join(','),
    objects: edge.objects,
    delta_t_median_s: edge.deltaTMedianS,
  };
}

/** graphology's `graph.export()` of the undirected account graph: `Graph.from(json)` rebuilds it. */
export function toGraphologyJson(graph: ClusterGraph): SerializedGraph<NodeAttributes, EdgeAttributes> {
  const built = new UndirectedGraph<NodeAttributes, EdgeAttributes>();
  built.replaceAttributes({ cluster_id: graph.clusterId });
  for (const node of graph.nodes) built.addNode(node.id, nodeAttributes(node, graph.clusterId));
  for (const edge of graph.edges)
    if (built.hasNode(edge.source) && built.hasNode(edge.target) && edge.source !== edge.target)
      built.mergeEdge(edge.source, edge.target, edgeAttributes(edge));
  return built.export();
}

export function toClusterGraphml(graph: ClusterGraph): string {
  return writeGraphml({
    keys: [
      { id: 'degree', for: 'node', type: 'int' },
      { id: 'strength', for: 'node', type: 'double' },
      { id: 'cluster_id', for: 'node', type: 'string' },
      { id: 'weight', for: 'edge', type: 'double' },
      { id: 'signals', for: 'edge', type: 'string' },
      { id: 'objects', for: 'edge', type: 'int' },
      { id: 'delta_t_median_s', for: 'edge', type: 'double' },
    ],
    nodes: graph.nodes.map((node) => ({ id: node.id, data: { ...nodeAttributes(node, graph.clusterId) } })),
    edges: graph.edges.map((edge) => ({
      source: edge.source,
      target: edge.target,
      data: { ...edgeAttributes(edge) },
    })),
  });
}

const GEXF_NODE_ATTRIBUTES = [
  ['degree', 'integer'],
  ['strength', 'double'],
  ['cluster_id', 'string'],
] as const;
const GEXF_EDGE_ATTRIBUTES = [
  ['signals', 'string'],
  ['objects', 'integer'],
  ['delta_t_median_s', 'double'],
] as const;

/** GEXF 1.3, Gephi's own format: the weight is the edge's `weight` attribute, the rest are attvalues. */
export function toClusterGexf(graph: ClusterGraph): string {
  const attributeDeclarations = (kind: 'node' | 'edge', list: readonly (readonly [string, string])[]) => [
    `    <attributes class="${kind}">`,
    ...list.map(([id, type]) => `      <attribute id="${id}" title="${id}" type="${type}"/>`),
    '    </attributes>',
  ];
  const attvalues = (values: Record<string, string | number>) =>
    `<attvalues>${Object.entries(values)
      .map(([key, value]) => `<attvalue for="${key}" value="${xmlEscape(String(value))}"/>`)
      .join('')}</attvalues>`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
    `  <meta><creator>Riptide</creator><description>${xmlEscape(`coordinated cluster ${graph.clusterId}`)}</description></meta>`,
    '  <graph mode="static" defaultedgetype="undirected">',
    ...attributeDeclarations('node', GEXF_NODE_ATTRIBUTES),
    ...attributeDeclarations('edge', GEXF_EDGE_ATTRIBUTES),
    '    <nodes>',
  ];
  for (const node of graph.nodes)
    out.push(
      `      <node id="${xmlEscape(node.id)}" label="${xmlEscape(node.id)}">${attvalues({ ...nodeAttributes(node, graph.clusterId) })}</node>`,
    );
  out.push('    </nodes>', '    <edges>');
  graph.edges.forEach((edge, i) => {
    const { weight, ...rest } = edgeAttributes(edge);
    out.push(
      `      <edge id="${i}" source="${xmlEscape(edge.source)}" target="${xmlEscape(edge.target)}" weight="${weight}">${attvalues(rest)}</edge>`,
    );
  });
  out.push('    </edges>', '  </graph>', '</gexf>', '');
  return out.join('\n');
}

/** One line per linked pair: `source,target,weight,signals,objects,delta_t_median_s`. */
export function toEdgesCsv(graph: ClusterGraph): string {
  const lines = ['source,target,weight,signals,objects,delta_t_median_s'];
  for (const edge of graph.edges)
    lines.push(
      [
        csvCell(edge.source),
        csvCell(edge.target),
        String(edge.weight),
        csvCell(edge.signals.join(',')),
        String(edge.objects),
        String(edge.deltaTMedianS),
      ].join(','),
    );
  return `${lines.join('\n')}\n`;
}

/** One line per member: `id,degree,strength`. */
export function toNodesCsv(graph: ClusterGraph): string {
  const lines = ['id,degree,strength'];
  for (const node of graph.nodes)
    lines.push([csvCell(node.id), String(node.degree), String(node.strength)].join(','));
  return `${lines.join('\n')}\n`;
}
