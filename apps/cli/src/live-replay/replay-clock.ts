/**
 * When each event of a recording "happens" on a replay server, so that the server behaves as a live
 * source: a client joining without a resume position hears only what happens from then on, and what
 * happened while a client was away is missed unless it resumes.
 *
 * Paced (`perSecond` set): event i happens (i + 1) / perSecond seconds after the first client connected
 * (which therefore hears the recording from its start).
 * Unpaced: events happen as fast as they are sent, so the live tail is the first event no connection has
 * been sent yet (a fast run is limited by the client alone).
 */
export class ReplayClock {
  private startedAt: number | undefined;
  private sentUpTo = 0;

  constructor(
    private readonly events: number,
    private readonly perSecond?: number,
  ) {}

  /** Called on every connection: the first one starts the clock. */
  connected(): void {
    this.startedAt ??= Date.now();
  }

  /** Events that have happened so far: where a client without a resume position starts. */
  liveIndex(): number {
    if (this.perSecond === undefined) return this.sentUpTo;
    if (this.startedAt === undefined) return 0;
    return Math.min(this.events, Math.floor(((Date.now() - this.startedAt) * this.perSecond) / 1000));
  }

  /** Milliseconds until event `index` happens (0 when it has). */
  msUntil(index: number): number {
    if (this.perSecond === undefined || this.startedAt === undefined) return 0;
    return Math.max(0, this.startedAt + ((index + 1) * 1000) / this.perSecond - Date.now());
  }

  /** Event `index` was sent to a client. */
  sent(index: number): void {
    this.sentUpTo = Math.max(this.sentUpTo, index + 1);
  }
}
