import {
  CSV_SHARE_LAYOUTS,
  detectGroups,
  generateCoordinatedNetwork,
  qutCoShareNetwork,
  readSharesFromCsv,
  type CsvShareFormat,
  type Subgraph,
} from '@riptide/coordination';
import { fromCoordinatedEdges, fromQutEdges, type OutputEdge } from './network-writers';

export interface BatchOptions {
  readonly format: CsvShareFormat;
  /** Column holding the shared object; defaults to the layout's own. */
  readonly objectColumn?: string;
  readonly timeWindow: number;
  readonly minParticipation: number;
  readonly edgeWeight: number;
  readonly subgraph: Subgraph;
  readonly fastWindow?: number;
  /** QUT rule only. */
  readonly minEdgeWeight: number;
  readonly selfLoops: boolean;
  readonly onProgress?: (stage: string, fraction: number) => void;
}

export interface BatchResult {
  readonly rows: number;
  readonly skippedEmptyObject: number;
  readonly nodes: number;
  readonly edges: OutputEdge[];
  /** Parse + detection + network, excluding reading the file and writing the output. */
  readonly seconds: number;
}

/**
 * The batch pipeline over the bytes of a file: CooRTweet's rules for the coortweet and german
 * layouts, the QUT toolkit's for the qut layout (its own test semantics).
 */
export function runCoordinationBatch(bytes: Uint8Array, options: BatchOptions): BatchResult {
  const started = performance.now();
  const layout = {
    ...CSV_SHARE_LAYOUTS[options.format],
    ...(options.objectColumn ? { object: options.objectColumn } : {}),
  };
  const { table, skippedEmptyObject } = readSharesFromCsv(bytes, layout, (fraction) =>
    options.onProgress?.('parse', fraction),
  );
  options.onProgress?.('detect', 0);
  let edges: OutputEdge[];
  if (options.format === 'qut') {
    edges = fromQutEdges(
      qutCoShareNetwork(table, {
        timeWindow: options.timeWindow,
        minEdgeWeight: options.minEdgeWeight,
        selfLoops: options.selfLoops,
      }),
    );
  } else {
    const detected = detectGroups(table, {
      timeWindow: options.timeWindow,
      minParticipation: options.minParticipation,
    });
    const network = generateCoordinatedNetwork(detected, {
      edgeWeight: options.edgeWeight,
      subgraph: options.subgraph,
      fastWindow: options.fastWindow,
      minParticipation: options.minParticipation,
    });
    edges = fromCoordinatedEdges(network.edges);
  }
  const seconds = (performance.now() - started) / 1000;
  options.onProgress?.('detect', 1);
  const nodes = new Set<string>();
  for (const edge of edges) nodes.add(edge.a).add(edge.b);
  return { rows: table.length, skippedEmptyObject, nodes: nodes.size, edges, seconds };
}
