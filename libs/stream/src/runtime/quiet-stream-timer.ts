/**
 * Runs `publish` once a stream has been quiet for `quietMs` of wall-clock time. A stateful role that emits
 * on event-time triggers (the cluster role's snapshots, the opinion service's closed buckets) would
 * otherwise hold its last results until the next batch, which may never come. Wall clock on purpose:
 * event time does not move while nothing arrives. What it publishes goes through a sink of its own
 * (an OutOfBatchSink), since the batch runtime produces only what a handler returns.
 */
export class QuietStreamTimer {
  private timer?: NodeJS.Timeout;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly quietMs: number,
    private readonly publish: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** A batch just ended: count the quiet time from now. */
  restart(): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inFlight = this.publish().catch(this.onError);
    }, this.quietMs);
    // A pending quiet snapshot must not keep a stopping process alive.
    this.timer.unref();
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Resolves once a publish that already started has finished (never rejects): a batch waits for it so
   * that what the publish produced reaches the topic before what the batch produces.
   */
  settled(): Promise<void> {
    return this.inFlight;
  }
}
