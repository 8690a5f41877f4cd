/** What the progress line needs of a running connector (ConnectorStats). */
export interface ProgressCounts {
  readonly received: number;
  readonly posts: number;
  readonly deletions: number;
  readonly skipped: number;
  readonly pendingBytes: number;
  readonly lagSeconds: number | null;
}

/** One line on stderr: the rate since the previous line, the totals since start, the lag behind the source. */
export function progressLine(
  source: string,
  previous: ProgressCounts,
  now: ProgressCounts,
  seconds: number,
): string {
  const rate = seconds > 0 ? (now.received - previous.received) / seconds : 0;
  const lag = now.lagSeconds === null ? 'n/a' : `${now.lagSeconds.toFixed(1)} s`;
  return (
    `connect ${source}: ${Math.round(rate)} events/s, ${now.received} received, ${now.posts} posts produced, ` +
    `${now.deletions} deletions, ${now.skipped} skipped, lag ${lag}, ${Math.round(now.pendingBytes / 1024)} KiB pending`
  );
}
