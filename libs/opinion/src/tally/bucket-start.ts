/**
 * Start of the bucket holding `timeMs`: buckets are aligned to the Unix epoch, so hourly buckets start on
 * the hour (UTC) and every instance of the service cuts the same buckets.
 */
export function bucketStartOf(timeMs: number, widthMs: number): number {
  if (!(widthMs > 0)) throw new RangeError(`bucket width must be positive, got ${widthMs}`);
  return Math.floor(timeMs / widthMs) * widthMs;
}
