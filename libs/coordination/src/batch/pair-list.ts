/** Co-share pairs as two parallel row columns: `older[k]` shared no later than `newer[k]`. */
export class PairList {
  older: Int32Array;
  newer: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.older = new Int32Array(capacity);
    this.newer = new Int32Array(capacity);
  }

  push(older: number, newer: number): void {
    if (this.length === this.older.length) {
      const older2 = new Int32Array(this.length * 2);
      older2.set(this.older);
      this.older = older2;
      const newer2 = new Int32Array(this.length * 2);
      newer2.set(this.newer);
      this.newer = newer2;
    }
    this.older[this.length] = older;
    this.newer[this.length] = newer;
    this.length++;
  }

  /** The pairs for which `keep(k)` holds, in order. */
  filter(keep: (index: number) => boolean): PairList {
    const kept = new PairList(Math.max(16, this.length));
    for (let k = 0; k < this.length; k++) if (keep(k)) kept.push(this.older[k], this.newer[k]);
    return kept;
  }
}
