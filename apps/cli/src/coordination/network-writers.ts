import type { CoordinatedEdge, QutEdge } from '@riptide/coordination';

/** One undirected account pair as written out: `a < b`, weight, and optional CooRTweet attributes. */
export interface OutputEdge {
  readonly a: string;
  readonly b: string;
  readonly weight: number;
  readonly coordinated?: CoordinatedEdge;
}

/** CooRTweet edges: the weight written is the full-network weight (fast weights go to .csv/.graphml). */
export function fromCoordinatedEdges(edges: readonly CoordinatedEdge[]): OutputEdge[] {
  return edges.map((edge) => ({ a: edge.a, b: edge.b, weight: edge.full.weight, coordinated: edge }));
}

/**
 * QUT edges are directed; the undirected pair keeps the larger of its two directed weights
 * (networkx's Graph, which the toolkit loads them into, keeps one of them too).
 */
export function fromQutEdges(edges: readonly QutEdge[]): OutputEdge[] {
  const pairs = new Map<string, OutputEdge>();
  for (const edge of edges) {
    const [a, b] = edge.from < edge.to ? [edge.from, edge.to] : [edge.to, edge.from];
    const key = `${a}\u0000${b}`;
    const known = pairs.get(key);
    if (known === undefined || known.weight < edge.weight) pairs.set(key, { a, b, weight: edge.weight });
  }
  return [...pairs.values()];
}

/** Sorted by (a, b) so that two runs give byte-identical files. */
function sorted(edges: readonly OutputEdge[]): OutputEdge[] {
  return [...edges].sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
}

export function toTsv(edges: readonly OutputEdge[]): string {
  return sorted(edges)
    .map((edge) => `${edge.a}\t${edge.b}\t${edge.weight}\n`)
    .join('');
}

const CSV_COLUMNS = [
  'account_a',
  'account_b',
  'weight',
  'avg_time_delta',
  'n_content_id',
  'n_content_id_y',
  'edge_symmetry_score',
  'weight_threshold',
  'weight_fast',
  'weight_threshold_fast',
];

export function toCsv(edges: readonly OutputEdge[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const edge of sorted(edges)) {
    const c = edge.coordinated;
    const cells = [
      csvCell(edge.a),
      csvCell(edge.b),
      String(edge.weight),
      c ? String(c.full.avgTimeDelta) : '',
      c ? String(c.full.olderContents) : '',
      c ? String(c.full.newerContents) : '',
      c ? String(c.full.symmetry) : '',
      c ? (c.aboveThreshold ? '1' : '0') : '',
      c?.fast ? String(c.fast.weight) : '',
      c?.fast ? (c.aboveFastThreshold ? '1' : '0') : '',
    ];
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** GraphML that Gephi, igraph and networkx read: undirected, weight and CooRTweet attributes on edges. */
export function toGraphml(edges: readonly OutputEdge[]): string {
  const nodes = new Set<string>();
  for (const edge of edges) nodes.add(edge.a).add(edge.b);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
    '  <key id="avg_time_delta" for="edge" attr.name="avg_time_delta" attr.type="double"/>',
    '  <key id="edge_symmetry_score" for="edge" attr.name="edge_symmetry_score" attr.type="double"/>',
    '  <key id="weight_fast" for="edge" attr.name="weight_fast" attr.type="double"/>',
    '  <graph edgedefault="undirected">',
  ];
  for (const node of [...nodes].sort()) out.push(`    <node id="${xml(node)}"/>`);
  for (const edge of sorted(edges)) {
    const c = edge.coordinated;
    const data = [`<data key="weight">${edge.weight}</data>`];
    if (c)
      data.push(
        `<data key="avg_time_delta">${c.full.avgTimeDelta}</data>`,
        `<data key="edge_symmetry_score">${c.full.symmetry}</data>`,
      );
    if (c?.fast) data.push(`<data key="weight_fast">${c.fast.weight}</data>`);
    out.push(`    <edge source="${xml(edge.a)}" target="${xml(edge.b)}">${data.join('')}</edge>`);
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

function xml(value: string): string {
  return value.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
