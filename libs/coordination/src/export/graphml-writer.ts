import { xmlEscape } from './xml-escape';

/** A GraphML attribute declaration (`<key>`). */
export interface GraphmlKey {
  readonly id: string;
  readonly for: 'node' | 'edge';
  readonly type: 'double' | 'int' | 'long' | 'string' | 'boolean';
}

/** Attribute values by key id; undefined values are left out. */
export type GraphmlData = Readonly<Record<string, string | number | undefined>>;

export interface GraphmlDocument {
  readonly keys: readonly GraphmlKey[];
  readonly nodes: readonly { readonly id: string; readonly data?: GraphmlData }[];
  readonly edges: readonly {
    readonly source: string;
    readonly target: string;
    readonly data?: GraphmlData;
  }[];
}

/**
 * Undirected GraphML that Gephi, igraph, networkx and yEd read: one writer (and one escaping) for every
 * GraphML Riptide writes, the CLI's network files and the api's cluster exports. The caller orders
 * nodes and edges; the writer keeps that order, so a sorted input gives byte-identical files.
 */
export function writeGraphml(document: GraphmlDocument): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
  ];
  for (const key of document.keys)
    out.push(
      `  <key id="${xmlEscape(key.id)}" for="${key.for}" attr.name="${xmlEscape(key.id)}" attr.type="${key.type}"/>`,
    );
  out.push('  <graph edgedefault="undirected">');
  for (const node of document.nodes) {
    const data = dataElements(node.data);
    out.push(
      data === ''
        ? `    <node id="${xmlEscape(node.id)}"/>`
        : `    <node id="${xmlEscape(node.id)}">${data}</node>`,
    );
  }
  for (const edge of document.edges)
    out.push(
      `    <edge source="${xmlEscape(edge.source)}" target="${xmlEscape(edge.target)}">${dataElements(edge.data)}</edge>`,
    );
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

function dataElements(data: GraphmlData | undefined): string {
  if (!data) return '';
  return Object.entries(data)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `<data key="${xmlEscape(key)}">${xmlEscape(String(value))}</data>`)
    .join('');
}
