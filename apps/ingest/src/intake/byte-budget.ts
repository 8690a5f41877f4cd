/**
 * Bytes of request bodies ingest works on at once (reading, parsing, waiting for Kafka). A body is
 * bigger in memory than on the wire (its text, the parsed items, their encoded records), so many
 * concurrent large requests would add up past any memory bound; beyond the budget a request waits,
 * unread, and the client's TCP window is the back-pressure. Waiters are served first come, first
 * served; one request is always let in when nothing else holds the budget, however large.
 */
export class ByteBudget {
  private used = 0;
  private readonly waiting: { bytes: number; admit: () => void }[] = [];

  constructor(readonly limit: number) {}

  /** Resolves with the function that gives the bytes back, once they are granted. */
  async acquire(bytes: number): Promise<() => void> {
    const size = Math.min(bytes, this.limit);
    if (this.waiting.length === 0 && this.fits(size)) this.used += size;
    else await new Promise<void>((admit) => this.waiting.push({ bytes: size, admit }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= size;
      this.admitWaiting();
    };
  }

  get inUse(): number {
    return this.used;
  }

  private fits(size: number): boolean {
    return this.used === 0 || this.used + size <= this.limit;
  }

  private admitWaiting(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0].bytes)) {
      const next = this.waiting.shift()!;
      this.used += next.bytes;
      next.admit();
    }
  }
}
