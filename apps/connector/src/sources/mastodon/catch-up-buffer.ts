import type { SourceEvent } from './source-events';

/**
 * Holds a stream's events while its gap is read through the REST timeline, within a byte bound. When an
 * event would overflow it, everything held is dropped instead of the connection growing without limit
 * or blocking the stream: the dropped statuses are on the timeline, so the caller pages again from its
 * last id (`overflowed` tells it to), handing on none of the events held after the drop before then,
 * rather than lose them.
 */
export class CatchUpBuffer {
  private events: SourceEvent[] = [];
  /** The index of the oldest event not yet taken (no Array.shift: flushing thousands must stay linear). */
  private head = 0;
  private bytes = 0;
  private dropped = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onOverflow: () => void,
  ) {}

  add(event: SourceEvent): void {
    if (this.bytes + event.bytes > this.maxBytes) {
      this.events = [];
      this.head = 0;
      this.bytes = 0;
      this.dropped = true;
      this.onOverflow();
    }
    this.events.push(event);
    this.bytes += event.bytes;
  }

  /** The oldest event held, removed; undefined when empty. */
  take(): SourceEvent | undefined {
    if (this.head === this.events.length) return undefined;
    const event = this.events[this.head++];
    this.bytes -= event.bytes;
    if (this.head === this.events.length) {
      this.events = [];
      this.head = 0;
    }
    return event;
  }

  /** Events were dropped since the last clearOverflowed(). */
  get overflowed(): boolean {
    return this.dropped;
  }

  clearOverflowed(): void {
    this.dropped = false;
  }
}
