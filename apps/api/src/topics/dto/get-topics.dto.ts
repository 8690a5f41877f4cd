import { ApiProperty } from '@nestjs/swagger';
import { QueryReader } from '../../http/query-reader';

class TopicDto {
  @ApiProperty() topic_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: "The stance target the topic's model scores ('' without stance)" })
  stance_target!: string;
  @ApiProperty({ description: "The stance tier configured ('' for the scorer's default)" })
  stance_model!: string;
  @ApiProperty({ type: [String] }) hashtags!: string[];
  @ApiProperty({ type: [String] }) keywords!: string[];
  @ApiProperty({ description: 'Estimate rows stored (measures × buckets × groups)' }) estimates!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) last_bucket_end!: string | null;
  @ApiProperty() shifts!: number;
}

/** GET /v1/topics: the answer. */
export class TopicListDto {
  @ApiProperty({ type: [TopicDto] }) data!: TopicDto[];
}

export function readGetTopicsQuery(query: Record<string, unknown>): void {
  new QueryReader(query, []);
}
