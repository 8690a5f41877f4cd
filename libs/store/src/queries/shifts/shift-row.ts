import type { Selectable } from 'kysely';
import type { OpinionShiftTable } from '../../schema/database';
import { iso, json } from '../row-values';

/** An opinion shift as the contract carries it, with its identity. */
export interface Shift {
  shift_id: string;
  topic_id: string;
  detector: string;
  /** dimension -> value; {} for the whole population. */
  group: Record<string, string>;
  label: string;
  size: number;
  confidence: number;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  decomposition: Record<string, unknown> | null;
  detected_at: string;
}

export function shiftFromRow(row: Selectable<OpinionShiftTable>): Shift {
  return {
    shift_id: row.shift_id,
    topic_id: row.topic_id,
    detector: row.detector,
    group: json(row.group),
    label: row.label,
    size: row.size,
    confidence: row.confidence,
    before: json(row.before),
    after: json(row.after),
    decomposition: row.decomposition === null ? null : json(row.decomposition),
    detected_at: iso(row.detected_at),
  };
}

/** The filterable form of a group, as the materialiser writes group_key: `dimension=value`. */
export function groupKey(dimension: string, value: string): string {
  return `${dimension}=${value}`;
}
