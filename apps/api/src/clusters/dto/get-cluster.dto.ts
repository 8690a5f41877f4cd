import { ApiProperty } from '@nestjs/swagger';
import { QueryReader } from '../../http/query-reader';
import { ClusterSummaryDto } from './cluster-summary.dto';

class MemberDto {
  @ApiProperty() account_id!: string;
  @ApiProperty() degree!: number;
  @ApiProperty() strength!: number;
}

class HistoryRowDto {
  @ApiProperty() generation!: number;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty() status!: string;
  @ApiProperty() size!: number;
  @ApiProperty() edge_count!: number;
  @ApiProperty() coordination_score!: number;
  @ApiProperty({ description: 'Members that joined since the previous snapshot' }) joined!: number;
  @ApiProperty({ description: 'Members that left since the previous snapshot' }) left!: number;
  @ApiProperty({
    example: { 'cl-2f1c': 4 },
    description:
      'Members that were in another cluster just before: cluster id -> members (splits and merges)',
  })
  origins!: Record<string, number>;
}

class ObjectEvidenceDto {
  @ApiProperty() object_id!: string;
  @ApiProperty({ enum: ['post', 'url', 'domain', 'hashtag', 'text', 'media'] }) kind!: string;
  @ApiProperty({ description: 'Evidence edges (pairs of posts) between members on it' }) edges!: number;
  @ApiProperty() accounts!: number;
  @ApiProperty() posts!: number;
  @ApiProperty() delta_t_median_s!: number;
  @ApiProperty({ format: 'date-time' }) first_at!: string;
  @ApiProperty({ format: 'date-time' }) last_at!: string;
}

class TimelineHourDto {
  @ApiProperty({ format: 'date-time' }) hour!: string;
  @ApiProperty() edges!: number;
}

/** GET /v1/clusters/{id}: the answer. */
export class ClusterDetailDto extends ClusterSummaryDto {
  @ApiProperty({ example: { coordination: 0.82 } }) scores!: Record<string, number>;
  @ApiProperty({ type: [MemberDto], description: 'The 500 strongest members' }) members!: MemberDto[];
  @ApiProperty() members_total!: number;
  @ApiProperty({ type: [HistoryRowDto], description: 'The latest 500 snapshots, oldest first' })
  history!: HistoryRowDto[];
  @ApiProperty({ type: [ObjectEvidenceDto], description: 'The 100 objects with the most evidence edges' })
  objects!: ObjectEvidenceDto[];
  @ApiProperty({ type: [TimelineHourDto], description: 'Evidence edges per hour, oldest first' })
  timeline!: TimelineHourDto[];
}

/** GET /v1/clusters/{id} takes no query parameters. */
export function readGetClusterQuery(query: Record<string, unknown>): void {
  new QueryReader(query, []);
}
