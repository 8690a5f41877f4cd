import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SHIFT_DETECTORS } from '@riptide/contracts';
import { MAX_PAGE_LIMIT, type ShiftQuery } from '@riptide/store';
import { InvalidParameterException } from '../../http/api-error';
import { QueryReader } from '../../http/query-reader';
import { ShiftDto } from './shift.dto';

/** GET /v1/shifts: the query. */
export class GetShiftsQuery {
  @ApiPropertyOptional({ description: 'Topic id' }) topic?: string;
  @ApiPropertyOptional({ enum: SHIFT_DETECTORS }) detector?: string;
  @ApiPropertyOptional({ description: 'Group dimension (e.g. age_band); alone: every group of it' })
  dimension?: string;
  @ApiPropertyOptional({ description: 'Group value (needs dimension)' }) value?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Detected at or after' }) since?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Detected before' }) until?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: 50 }) limit?: number;
  @ApiPropertyOptional({ description: 'next_cursor of the previous page, with the same filters' })
  cursor?: string;
}

/** GET /v1/shifts: the answer. */
export class ShiftPageDto {
  @ApiProperty({ type: [ShiftDto] }) data!: ShiftDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

/** dimension and value of a group filter; a value alone names no group. */
export function readGroup(reader: QueryReader): { dimension?: string; value?: string } {
  const dimension = reader.string('dimension', 128);
  const value = reader.string('value', 128);
  if (value !== undefined && dimension === undefined)
    throw new InvalidParameterException('value', 'needs dimension: a value names a group of one dimension');
  return { dimension, value };
}

export function readGetShiftsQuery(query: Record<string, unknown>): ShiftQuery {
  const reader = new QueryReader(query, [
    'topic',
    'detector',
    'dimension',
    'value',
    'since',
    'until',
    'limit',
    'cursor',
  ]);
  return {
    topic: reader.string('topic', 256),
    detector: reader.choice('detector', SHIFT_DETECTORS),
    ...readGroup(reader),
    ...reader.window(),
    limit: reader.limit(),
    cursor: reader.cursor(),
  };
}
