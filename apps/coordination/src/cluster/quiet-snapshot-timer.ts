/**
 * Runs `publish` once the edge stream has been quiet for `quietMs` of wall-clock time. The cluster role
 * otherwise snapshots inside a batch, after enough edges or enough event time; when the edges stop, neither
 * trigger fires again and the last edges folded in would stay unpublished until the next batch, which may
 * never come. Wall clock on purpose: event time does not move while nothing arrives.
 */
export class QuietSnapshotTimer {
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
   * that snapshot generations reach the topic in the order they were taken.
   */
  settled(): Promise<void> {
    return this.inFlight;
  }
}
