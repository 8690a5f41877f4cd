/**
 * The recent shares of one object, in time order: parallel arrays of times, interned accounts
 * and a "has paired" flag (to count each share as coordinated once). Expired shares leave from
 * the head; a late share is inserted in place, so the order holds for out-of-order input.
 */
export class ObjectWindow {
  times: number[] = [];
  accounts: number[] = [];
  paired: boolean[] = [];
  head = 0;

  get size(): number {
    return this.times.length - this.head;
  }

  /** The time of the newest share (the window is never empty while it is kept). */
  get newest(): number {
    return this.times[this.times.length - 1];
  }

  /** Drops shares older than `horizon`; returns how many left. */
  evictBefore(horizon: number): number {
    const start = this.head;
    while (this.head < this.times.length && this.times[this.head] < horizon) this.head++;
    const evicted = this.head - start;
    // Compact once the dead prefix is as long as the live part, so memory follows the live size.
    if (this.head > 32 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.accounts = this.accounts.slice(this.head);
      this.paired = this.paired.slice(this.head);
      this.head = 0;
    }
    return evicted;
  }

  /** Index where a share at `time` goes: after every share at or before it (arrival order on ties). */
  insertionIndex(time: number): number {
    let index = this.times.length;
    while (index > this.head && this.times[index - 1] > time) index--;
    return index;
  }

  insert(index: number, time: number, account: number, paired: boolean): void {
    if (index === this.times.length) {
      this.times.push(time);
      this.accounts.push(account);
      this.paired.push(paired);
    } else {
      this.times.splice(index, 0, time);
      this.accounts.splice(index, 0, account);
      this.paired.splice(index, 0, paired);
    }
  }
}
