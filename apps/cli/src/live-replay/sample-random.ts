import { seededRandom } from '@riptide/nlp';

/** The seeded draws the live samples are made of: the same seed gives the same sample, byte for byte. */
export class SampleRandom {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** In [0, 1). */
  fraction(): number {
    return this.next();
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /**
   * An index in [0, count) skewed towards 0 (a few accounts write most posts, as on every platform):
   * the square of a uniform draw.
   */
  skewedIndex(count: number): number {
    const draw = this.next();
    return Math.floor(draw * draw * count);
  }

  /** `length` characters of `alphabet`. */
  chars(alphabet: string, length: number): string {
    let text = '';
    for (let index = 0; index < length; index++) text += alphabet[Math.floor(this.next() * alphabet.length)];
    return text;
  }

  /** The key of the first weight a draw falls into, weights summing to anything. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let draw = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [key, weight] of entries) {
      draw -= weight;
      if (draw < 0) return key;
    }
    return entries[entries.length - 1][0];
  }
}
