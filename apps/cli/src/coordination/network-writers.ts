import { csvCell, writeGraphml, type CoordinatedEdge, type QutEdge } from '@riptide/coordination';

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

/** GraphML that Gephi, igraph and networkx read: undirected, weight and CooRTweet attributes on edges. */
export function toGraphml(edges: readonly OutputEdge[]): string {
  const nodes = new Set<string>();
  for (const edge of edges) nodes.add(edge.a).add(edge.b);
  return writeGraphml({
    keys: ['weight', 'avg_time_delta', 'edge_symmetry_score', 'weight_fast'].map((id) => ({
      id,
      for: 'edge' as const,
      type: 'double' as const,
    })),
    nodes: [...nodes].sort().map((id) => ({ id })),
    edges: sorted(edges).map((edge) => ({
      source: edge.a,
      target: edge.b,
      data: {
        weight: edge.weight,
        avg_time_delta: edge.coordinated?.full.avgTimeDelta,
        edge_symmetry_score: edge.coordinated?.full.symmetry,
        weight_fast: edge.coordinated?.fast?.weight,
      },
    })),
  });
}
