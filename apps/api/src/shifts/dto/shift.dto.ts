import { ApiProperty } from '@nestjs/swagger';
import { SHIFT_DETECTORS, STANCE_LABELS } from '@riptide/contracts';

/** OpenAPI description of an opinion shift (opinion-shift/v1 with its id). */
export class ShiftDto {
  @ApiProperty() shift_id!: string;
  @ApiProperty() topic_id!: string;
  @ApiProperty({ enum: SHIFT_DETECTORS }) detector!: string;
  @ApiProperty({ example: { age_band: '18-29' }, description: '{} for the whole population' })
  group!: Record<string, string>;
  @ApiProperty({ enum: STANCE_LABELS }) label!: string;
  @ApiProperty({ description: 'after.share − before.share' }) size!: number;
  @ApiProperty() confidence!: number;
  @ApiProperty({ description: 'share, n_eff, ci_low, ci_high, from, to' }) before!: Record<string, unknown>;
  @ApiProperty({ description: 'share, n_eff, ci_low, ci_high, from, to' }) after!: Record<string, unknown>;
  @ApiProperty({
    nullable: true,
    type: Object,
    description: 'kind (persuasion, composition, mixed), returning_authors, within, composition',
  })
  decomposition!: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) detected_at!: string;
}
