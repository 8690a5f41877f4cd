/**
 * Mastodon status ids are decimal strings of 64-bit integers (a millisecond timestamp shifted left by
 * 16 bits plus a sequence): too big for a JS number and wrong compared as strings ("99" > "100"), so
 * they compare as BigInts. Servers with other id schemes (Pleroma's flake ids) are not supported.
 */
const STATUS_ID = /^\d{1,64}$/;

export function isStatusId(value: unknown): value is string {
  return typeof value === 'string' && STATUS_ID.test(value);
}

/** The later of two status ids. */
export function laterStatusId(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}

/** The earlier of two status ids. */
export function earlierStatusId(a: string, b: string): string {
  return BigInt(a) <= BigInt(b) ? a : b;
}
