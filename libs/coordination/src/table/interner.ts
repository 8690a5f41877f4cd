/**
 * Maps strings to dense integers in first-seen order, so that the hot loops work on typed arrays
 * and compare ids with `===` on small integers. First-seen order is part of the contract: CooRTweet
 * breaks ties between equal timestamps by the order in which accounts first appear (see docs).
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  get size(): number {
    return this.values.length;
  }
}
