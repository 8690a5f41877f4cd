import { ApiPropertyOptional } from '@nestjs/swagger';
import { InvalidParameterException } from '../../http/api-error';
import { QueryReader } from '../../http/query-reader';

export const GRAPH_FORMATS = ['json', 'graphml', 'gexf', 'csv'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];
export const CSV_PARTS = ['edges', 'nodes'] as const;
export const DEFAULT_MAX_NODES = 2_000;
export const MAX_MAX_NODES = 20_000;

/** GET /v1/clusters/{id}/graph: the query. */
export class GetClusterGraphQuery {
  @ApiPropertyOptional({
    enum: GRAPH_FORMATS,
    default: 'json',
    description: 'json: graphology export (sigma.js); graphml, gexf: Gephi; csv: R, pandas',
  })
  format?: string;
  @ApiPropertyOptional({
    enum: CSV_PARTS,
    default: 'edges',
    description: 'With format=csv: the edge list or the node list',
  })
  part?: string;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_MAX_NODES,
    default: DEFAULT_MAX_NODES,
    description: 'Larger clusters are trimmed to the largest k-core that fits (header X-Riptide-Trimmed)',
  })
  max_nodes?: number;
}

export interface GraphRequest {
  format: GraphFormat;
  part: (typeof CSV_PARTS)[number];
  maxNodes: number;
}

export function readGetClusterGraphQuery(query: Record<string, unknown>): GraphRequest {
  const reader = new QueryReader(query, ['format', 'part', 'max_nodes']);
  const format = reader.choice('format', GRAPH_FORMATS) ?? 'json';
  const part = reader.choice('part', CSV_PARTS);
  if (part !== undefined && format !== 'csv')
    throw new InvalidParameterException('part', 'applies to format=csv only');
  return {
    format,
    part: part ?? 'edges',
    maxNodes: reader.int('max_nodes', { min: 1, max: MAX_MAX_NODES }) ?? DEFAULT_MAX_NODES,
  };
}
