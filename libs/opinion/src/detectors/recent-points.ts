/** The last `capacity` items of a series, oldest first: a detector's only memory of past buckets. */
export class RecentPoints<Item> {
  private readonly items: Item[] = [];

  constructor(readonly capacity: number) {}

  push(item: Item): void {
    this.items.push(item);
    if (this.items.length > this.capacity) this.items.shift();
  }

  get length(): number {
    return this.items.length;
  }

  /** Items from `start` (inclusive) to `end` (exclusive), indexes counted from the oldest kept. */
  slice(start: number, end = this.items.length): readonly Item[] {
    return this.items.slice(Math.max(0, start), end);
  }

  /** The `age`-th newest item (1: the newest). */
  fromNewest(age: number): Item {
    return this.items[this.items.length - age];
  }
}
