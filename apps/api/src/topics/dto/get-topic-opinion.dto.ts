import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OPINION_MEASURES } from '@riptide/contracts';
import { MAX_PAGE_LIMIT, type OpinionQuery } from '@riptide/store';
import { QueryReader } from '../../http/query-reader';
import { ShiftDto } from '../../shifts/dto/shift.dto';
import { readGroup } from '../../shifts/dto/get-shifts.dto';

/** GET /v1/topics/{id}/opinion: the query. */
export class GetTopicOpinionQuery {
  @ApiPropertyOptional({ enum: OPINION_MEASURES, default: 'stance' }) measure?: string;
  @ApiPropertyOptional({
    description: 'One dimension (e.g. age_band): its groups only; without it the population and every group',
  })
  dimension?: string;
  @ApiPropertyOptional({ description: 'One group of the dimension (needs dimension)' }) value?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Buckets starting at or after' }) since?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Buckets starting before' }) until?: string;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_LIMIT,
    default: 50,
    description: 'The latest buckets per series',
  })
  limit?: number;
}

class OpinionPointDto {
  @ApiProperty({ format: 'date-time' }) bucket_start!: string;
  @ApiProperty({ format: 'date-time' }) bucket_end!: string;
  @ApiProperty() n!: number;
  @ApiProperty({ description: 'Kish effective sample size of the weighted estimate' }) n_eff!: number;
  @ApiProperty({
    example: { favor: { share: 0.31, ci_low: 0.27, ci_high: 0.35 } },
    description: 'As classified: label -> share and interval',
  })
  raw!: Record<string, unknown>;
  @ApiProperty({ description: "Corrected for the classifier's errors" }) corrected!: Record<string, unknown>;
  @ApiProperty({ description: 'Corrected and post-stratified to the population margins' })
  weighted!: Record<string, unknown>;
  @ApiProperty({ enum: ['pacc', 'acc', 'none'] }) correction!: string;
  @ApiProperty() model!: string;
}

class OpinionSeriesDto {
  @ApiProperty({ nullable: true, type: Object, example: { dimension: 'age_band', value: '18-29' } })
  group!: { dimension: string; value: string } | null;
  @ApiProperty({ type: [OpinionPointDto], description: 'Oldest bucket first' }) points!: OpinionPointDto[];
}

/** GET /v1/topics/{id}/opinion: the answer. */
export class TopicOpinionDto {
  @ApiProperty() topic_id!: string;
  @ApiProperty({ enum: OPINION_MEASURES }) measure!: string;
  @ApiProperty({ type: [OpinionSeriesDto] }) series!: OpinionSeriesDto[];
  @ApiProperty({ type: [ShiftDto], description: 'Stance shifts of the same groups and window' })
  shifts!: ShiftDto[];
}

export function readGetTopicOpinionQuery(query: Record<string, unknown>): OpinionQuery {
  const reader = new QueryReader(query, ['measure', 'dimension', 'value', 'since', 'until', 'limit']);
  return {
    measure: reader.choice('measure', OPINION_MEASURES),
    ...readGroup(reader),
    ...reader.window(),
    limit: reader.limit(),
  };
}
