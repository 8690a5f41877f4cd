import type { SourcePosition } from '../sources/live-source';

/**
 * Which source position may be committed as the resume point: the position of the last tracked entry
 * such that it and every entry before it, in arrival order, are acknowledged. Entries are acknowledged
 * in any order (several sends in flight, a failed one retried); the watermark never passes one that is
 * not, so a restart from it re-reads every event that might not be on Kafka. Entries without a position
 * (an event that could not be read far enough) hold the watermark back until acknowledged, like any
 * other, but never become it.
 */
export class Watermark {
  /** Acknowledged flags and positions of the entries from `firstTicket` on. */
  private acknowledged: boolean[] = [];
  private positions: (SourcePosition | null)[] = [];
  private head = 0;
  private firstTicket = 0;
  private current: SourcePosition | null;

  /** `start`: the position already committed (null: none). */
  constructor(start: SourcePosition | null = null) {
    this.current = start;
  }

  /** The commit-safe position (null until one is known). */
  get position(): SourcePosition | null {
    return this.current;
  }

  /** Entries tracked and not yet behind the watermark. */
  get outstanding(): number {
    return this.acknowledged.length - this.head;
  }

  /** Adds the next entry in arrival order; the ticket acknowledges it later. */
  track(position: SourcePosition | null): number {
    this.acknowledged.push(false);
    this.positions.push(position);
    return this.firstTicket + this.acknowledged.length - 1;
  }

  acknowledge(ticket: number): void {
    const index = ticket - this.firstTicket;
    if (index < this.head || index >= this.acknowledged.length || this.acknowledged[index])
      throw new Error(`watermark: ticket ${ticket} is not outstanding`);
    this.acknowledged[index] = true;
    while (this.head < this.acknowledged.length && this.acknowledged[this.head]) {
      this.current = this.positions[this.head] ?? this.current;
      this.positions[this.head] = null;
      this.head++;
    }
    this.compact();
  }

  /** Drops the settled prefix once it is most of the arrays, so that memory follows what is outstanding. */
  private compact(): void {
    if (this.head < 1024 || this.head * 2 < this.acknowledged.length) return;
    this.acknowledged = this.acknowledged.slice(this.head);
    this.positions = this.positions.slice(this.head);
    this.firstTicket += this.head;
    this.head = 0;
  }
}
