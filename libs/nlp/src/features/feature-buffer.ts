/**
 * A growable list of (index, value) feature entries in typed arrays. The featuriser appends to one
 * per text, or a batch builder lets many texts append to one in turn, with no copy in between.
 */
export class FeatureBuffer {
  indices: Int32Array;
  values: Float32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.indices = new Int32Array(capacity);
    this.values = new Float32Array(capacity);
  }

  /** Makes room for `count` more entries, so that a hot loop can write them straight into the arrays. */
  reserve(count: number): void {
    if (this.length + count > this.indices.length) {
      let capacity = this.indices.length * 2;
      while (capacity < this.length + count) capacity *= 2;
      this.grow(capacity);
    }
  }

  push(index: number, value: number): void {
    if (this.length === this.indices.length) this.grow(this.length * 2);
    this.indices[this.length] = index;
    this.values[this.length] = value;
    this.length++;
  }

  private grow(capacity: number): void {
    const indices = new Int32Array(capacity);
    indices.set(this.indices);
    this.indices = indices;
    const values = new Float32Array(capacity);
    values.set(this.values);
    this.values = values;
  }
}
