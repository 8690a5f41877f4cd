import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI description of ClusterSummary (libs/store queries): the latest snapshot of a cluster. */
export class ClusterSummaryDto {
  @ApiProperty() cluster_id!: string;
  @ApiProperty({ description: 'Snapshot generation; grows with every snapshot of the cluster' })
  generation!: number;
  @ApiProperty({ enum: ['active', 'dissolved'] }) status!: string;
  @ApiProperty({ enum: ['louvain', 'components'] }) method!: string;
  @ApiProperty({ format: 'date-time' }) first_seen_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ description: 'Member accounts' }) size!: number;
  @ApiProperty({ description: 'Account pairs linked in the snapshot' }) edge_count!: number;
  @ApiProperty() density!: number;
  @ApiProperty({ description: 'scores.coordination (0 when absent): the "score" of filters and sorts' })
  coordination_score!: number;
  @ApiProperty({ nullable: true, type: String }) dominant_signal!: string | null;
  @ApiProperty({ description: 'Edges per signal', example: { 'co-url': 12 } }) signals!: Record<
    string,
    number
  >;
  @ApiProperty({
    description: 'The most shared objects',
    example: [{ object_id: 'url:https://x.org/a', count: 9 }],
  })
  top_objects!: { object_id: string; count: number }[];
  @ApiProperty({
    type: [String],
    description: 'Configured topics whose hashtags or keywords the top objects match',
  })
  topic_ids!: string[];
  @ApiProperty({
    example: { median_s: 4, iqr_s: 6 },
    description: 'Seconds between the two posts of its evidence',
  })
  delta_t!: { median_s: number; iqr_s: number };
  @ApiProperty({ nullable: true, type: String }) evidence_summary!: string | null;
}
