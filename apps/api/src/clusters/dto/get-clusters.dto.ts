import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CLUSTER_STATUSES, COORDINATION_SIGNALS } from '@riptide/contracts';
import { CLUSTER_SORTS, MAX_PAGE_LIMIT, SORT_ORDERS, type ClusterListQuery } from '@riptide/store';
import { InvalidParameterException } from '../../http/api-error';
import { QueryReader } from '../../http/query-reader';
import { ClusterSummaryDto } from './cluster-summary.dto';

/** GET /v1/clusters: the query. */
export class GetClustersQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Updated at or after (ISO-8601 with zone)' })
  since?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Updated before' }) until?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) min_size?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1 }) max_size?: number;
  @ApiPropertyOptional({ minimum: 0, description: 'coordination_score at or above' }) min_score?: number;
  @ApiPropertyOptional({ enum: COORDINATION_SIGNALS, description: 'Clusters with edges of this signal' })
  signal?: string;
  @ApiPropertyOptional({ description: 'Clusters matched to this topic id' }) topic?: string;
  @ApiPropertyOptional({ enum: CLUSTER_STATUSES }) status?: string;
  @ApiPropertyOptional({
    enum: CLUSTER_SORTS,
    default: 'updated_at',
    description: 'score is coordination_score',
  })
  sort?: string;
  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'desc' }) order?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: 50 }) limit?: number;
  @ApiPropertyOptional({ description: 'next_cursor of the previous page, with the same filters and sort' })
  cursor?: string;
}

/** GET /v1/clusters: the answer. */
export class ClusterPageDto {
  @ApiProperty({ type: [ClusterSummaryDto] }) data!: ClusterSummaryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'null on the last page' }) next_cursor!:
    string | null;
}

const PARAMETERS = [
  'since',
  'until',
  'min_size',
  'max_size',
  'min_score',
  'signal',
  'topic',
  'status',
  'sort',
  'order',
  'limit',
  'cursor',
];

export function readGetClustersQuery(query: Record<string, unknown>): ClusterListQuery {
  const reader = new QueryReader(query, PARAMETERS);
  const minSize = reader.int('min_size', { min: 1, max: 10_000_000 });
  const maxSize = reader.int('max_size', { min: 1, max: 10_000_000 });
  if (minSize !== undefined && maxSize !== undefined && maxSize < minSize)
    throw new InvalidParameterException('max_size', `must be at least min_size (${minSize})`);
  return {
    ...reader.window(),
    minSize,
    maxSize,
    minScore: reader.number('min_score', { min: 0, max: 1e9 }),
    signal: reader.choice('signal', COORDINATION_SIGNALS),
    topic: reader.string('topic', 256),
    status: reader.choice('status', CLUSTER_STATUSES),
    sort: reader.choice('sort', CLUSTER_SORTS),
    order: reader.choice('order', SORT_ORDERS),
    limit: reader.limit(),
    cursor: reader.cursor(),
  };
}
