import { QueryParameterError } from './query-parameter-error';

/** Every list answers at most this many rows per request, whatever it is asked: no request scans without bound. */
export const MAX_PAGE_LIMIT = 500;
export const DEFAULT_PAGE_LIMIT = 50;

/** One page of a list and the cursor of the next one (null on the last page). */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** A page size the caller may have left out, clamped to the hard limit by validation upstream, re-checked here. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT)
    throw new QueryParameterError(
      'limit',
      `must be a whole number from 1 to ${MAX_PAGE_LIMIT}, got ${limit}`,
    );
  return limit;
}

/**
 * A keyset cursor: the sort values of the last row of a page, tagged with the list and sort it belongs
 * to, as base64url JSON. Keyset (not offset) paging keeps pages stable while rows are added: a row added
 * before the cursor is never shown twice and never pushes an unseen row onto a page already read.
 */
export function encodeCursor(kind: string, values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([kind, ...values])).toString('base64url');
}

/** The values of a cursor made by encodeCursor for `kind` with these value types, or a 400 on `cursor`. */
export function decodeCursor<T extends readonly ('string' | 'number')[]>(
  cursor: string,
  kind: string,
  types: T,
): { [K in keyof T]: T[K] extends 'number' ? number : string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length === types.length + 1 &&
    parsed[0] === kind &&
    types.every((type, index) =>
      type === 'number' ? Number.isFinite(parsed[index + 1]) : typeof parsed[index + 1] === 'string',
    );
  if (!valid)
    throw new QueryParameterError(
      'cursor',
      'is not a cursor of this list and sort: pass next_cursor from the previous page unchanged, with the same filters and sort',
    );
  return (parsed as unknown[]).slice(1) as { [K in keyof T]: T[K] extends 'number' ? number : string };
}

/** Cuts the extra row fetched to learn whether another page follows, and makes that page's cursor. */
export function pageOf<Row, T>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => T,
  cursorOf: (row: Row) => string,
): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { data: kept.map(toItem), next_cursor: more ? cursorOf(kept[kept.length - 1]) : null };
}
