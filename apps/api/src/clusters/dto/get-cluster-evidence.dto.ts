import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PAGE_LIMIT, type EvidenceQuery } from '@riptide/store';
import { QueryReader } from '../../http/query-reader';

/** GET /v1/clusters/{id}/evidence: the query. */
export class GetClusterEvidenceQuery {
  @ApiPropertyOptional({ description: 'Only the pairs on this shared object id (url:…, hashtag:…)' })
  object?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: 50 }) limit?: number;
  @ApiPropertyOptional({ description: 'next_cursor of the previous page' }) cursor?: string;
}

class EvidenceEdgeDto {
  @ApiProperty() edge_id!: string;
  @ApiProperty({ enum: ['co-post', 'co-url', 'co-domain', 'co-hashtag', 'co-text', 'co-media'] })
  signal!: string;
  @ApiProperty() object_id!: string;
  @ApiProperty() account_a!: string;
  @ApiProperty() account_b!: string;
  @ApiProperty() post_a!: string;
  @ApiProperty() post_b!: string;
  @ApiProperty({ format: 'date-time' }) at_a!: string;
  @ApiProperty({ format: 'date-time' }) at_b!: string;
  @ApiProperty({ description: 'Seconds between the two posts' }) delta_t_s!: number;
  @ApiProperty({ format: 'date-time' }) detected_at!: string;
}

/** GET /v1/clusters/{id}/evidence: the answer. */
export class EvidencePageDto {
  @ApiProperty({ type: [EvidenceEdgeDto] }) data!: EvidenceEdgeDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export function readGetClusterEvidenceQuery(query: Record<string, unknown>): EvidenceQuery {
  const reader = new QueryReader(query, ['object', 'limit', 'cursor']);
  return { object: reader.string('object'), limit: reader.limit(), cursor: reader.cursor() };
}
