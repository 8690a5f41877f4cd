/**
 * PostgreSQL binds at most 65,535 parameters per statement; multi-row inserts are cut into chunks
 * that stay well under it whatever the column count.
 */
const PARAMETERS_PER_STATEMENT = 30_000;

export function inChunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / columns));
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}

/** The earlier of two ISO times (same format, so string order is time order only after parsing). */
export function earlier(a: string, b: string): string {
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

export function later(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** The kind prefix of a shared-object id (`url:https://…` → `url`). */
export function objectKind(objectId: string): string {
  const colon = objectId.indexOf(':');
  return colon > 0 ? objectId.slice(0, colon) : objectId;
}
