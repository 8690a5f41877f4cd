import { schemaViolation } from '../contract-violation';
import { unixSecondsToIso } from '../iso-date-time';
import type { AdaptResult } from './post-format';

/** Reads a CSV cell of Unix seconds (`1623881091`, `1623881091.5`) as an ISO date-time. */
export function unixSecondsCell(
  cells: Record<string, string | undefined>,
  column: string,
): { ok: true; value: string } | Extract<AdaptResult, { ok: false }> {
  const cell = cells[column];
  const seconds = cell === undefined || cell.trim() === '' ? NaN : Number(cell);
  const iso = Number.isFinite(seconds) ? unixSecondsToIso(seconds) : null;
  if (iso !== null) return { ok: true, value: iso };
  const problem =
    cell === undefined ? 'is missing on this row' : `must be Unix seconds, got ${JSON.stringify(cell)}`;
  return { ok: false, error: schemaViolation(column, problem) };
}
