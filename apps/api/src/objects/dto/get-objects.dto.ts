import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SHARE_OBJECT_KINDS } from '@riptide/contracts';
import { MAX_PAGE_LIMIT, type ObjectListQuery } from '@riptide/store';
import { QueryReader } from '../../http/query-reader';

/** GET /v1/objects: the query. */
export class GetObjectsQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Still shared at or after (last share)' })
  since?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'First shared before' }) until?: string;
  @ApiPropertyOptional({ enum: SHARE_OBJECT_KINDS }) kind?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'At least this many shares in all' })
  min_shares?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: 50 }) limit?: number;
  @ApiPropertyOptional({ description: 'next_cursor of the previous page, with the same filters' })
  cursor?: string;
}

class ObjectAmplificationDto {
  @ApiProperty({ example: 'url:https://x.org/a' }) object_id!: string;
  @ApiProperty({ enum: SHARE_OBJECT_KINDS }) kind!: string;
  @ApiProperty({ description: 'All shares seen' }) shares!: number;
  @ApiProperty({ description: 'Shares whose post is in an evidence edge' }) coordinated_shares!: number;
  @ApiProperty() coordinated_fraction!: number;
  @ApiProperty({ description: 'Clusters with evidence on it between two of their members' })
  clusters!: number;
  @ApiProperty({
    description: 'Goh–Barabási B = (σ−μ)/(σ+μ) of its hourly shares over its active hours; 0 under two hours',
  })
  burstiness!: number;
  @ApiProperty({ format: 'date-time' }) first_shared_at!: string;
  @ApiProperty({ format: 'date-time' }) last_shared_at!: string;
}

/** GET /v1/objects: the answer. */
export class ObjectPageDto {
  @ApiProperty({ type: [ObjectAmplificationDto] }) data!: ObjectAmplificationDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export function readGetObjectsQuery(query: Record<string, unknown>): ObjectListQuery {
  const reader = new QueryReader(query, ['since', 'until', 'kind', 'min_shares', 'limit', 'cursor']);
  return {
    ...reader.window(),
    kind: reader.choice('kind', SHARE_OBJECT_KINDS),
    minShares: reader.int('min_shares', { min: 1, max: Number.MAX_SAFE_INTEGER }),
    limit: reader.limit(),
    cursor: reader.cursor(),
  };
}
