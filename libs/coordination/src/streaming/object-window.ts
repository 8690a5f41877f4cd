/**
 * The recent shares of one object, in time order: parallel arrays of times, interned accounts, share
 * ids (when given) and a "has paired" flag (to count each share as coordinated once). Expired shares
 * leave from the head; a late share is inserted in place, so the order holds for out-of-order input.
 */
export class ObjectWindow {
  times: number[] = [];
  accounts: number[] = [];
  ids: (string | undefined)[] = [];
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
      this.ids = this.ids.slice(this.head);
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

  /**
   * Whether a share with this id at `time` is already held; `index` is its `insertionIndex`. A share's
   * time comes with its identity (a post has one time), so a copy can only sit among the shares at the
   * same time just before the insertion point: usually none, so the check costs one comparison.
   */
  holds(index: number, time: number, id: string): boolean {
    for (let k = index - 1; k >= this.head && this.times[k] === time; k--)
      if (this.ids[k] === id) return true;
    return false;
  }

  insert(index: number, time: number, account: number, id: string | undefined, paired: boolean): void {
    if (index === this.times.length) {
      this.times.push(time);
      this.accounts.push(account);
      this.ids.push(id);
      this.paired.push(paired);
    } else {
      this.times.splice(index, 0, time);
      this.accounts.splice(index, 0, account);
      this.ids.splice(index, 0, id);
      this.paired.splice(index, 0, paired);
    }
  }
}
