import type { GroupKey } from '../opinion-types';
import { groupId } from '../detectors/group-id';

/** One author's soft stance counts: observations, and per label the sum of the model's probabilities. */
export interface SoftTally {
  count: number;
  readonly probabilitySums: number[];
}

/** A stretch of time: buckets whose start is in [fromMs, toMs). */
export interface TimeRange {
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Per bucket, per group, per author: the soft stance counts the decomposition needs to follow the same
 * authors across windows. Holds the newest `horizonBuckets` buckets; older ones are evicted as newer
 * ones arrive, and an observation older than everything kept once the panel is full is dropped.
 */
export class AuthorPanel {
  /** bucket start -> group id -> author -> tally. */
  private readonly buckets = new Map<number, Map<string, Map<string, SoftTally>>>();

  constructor(readonly horizonBuckets: number) {
    if (!(Number.isInteger(horizonBuckets) && horizonBuckets > 0))
      throw new RangeError(`horizonBuckets must be a positive integer, got ${horizonBuckets}`);
  }

  /**
   * Counts one observation of `authorId` in every group it belongs to (the population, `{null, null}`,
   * is a group like the others: include it to decompose population shifts). False when dropped.
   */
  record(
    bucketStartMs: number,
    authorId: string,
    groups: readonly GroupKey[],
    stanceProbabilities: readonly number[],
  ): boolean {
    return this.recordAuthor(bucketStartMs, authorId, groups, 1, stanceProbabilities);
  }

  /**
   * Counts `count` observations of `authorId` whose stance probabilities sum to `probabilitySums`: a
   * whole bucket of one author at once, as a closed bucket's tally holds it. False when dropped.
   */
  recordAuthor(
    bucketStartMs: number,
    authorId: string,
    groups: readonly GroupKey[],
    count: number,
    probabilitySums: ArrayLike<number>,
  ): boolean {
    const bucket = this.bucketAt(bucketStartMs);
    if (!bucket) return false;
    for (const group of groups) {
      const key = groupId(group);
      let authors = bucket.get(key);
      if (authors === undefined) bucket.set(key, (authors = new Map<string, SoftTally>()));
      let tally = authors.get(authorId);
      if (tally === undefined)
        authors.set(
          authorId,
          (tally = { count: 0, probabilitySums: new Array<number>(probabilitySums.length).fill(0) }),
        );
      tally.count += count;
      for (let label = 0; label < probabilitySums.length; label++)
        tally.probabilitySums[label] += probabilitySums[label];
    }
    return true;
  }

  /** Each author's tally in `group` summed over the buckets that start within `range`. */
  authorsIn(group: GroupKey, range: TimeRange): Map<string, SoftTally> {
    const key = groupId(group);
    const summed = new Map<string, SoftTally>();
    for (const [startMs, bucket] of this.buckets) {
      if (startMs < range.fromMs || startMs >= range.toMs) continue;
      for (const [authorId, tally] of bucket.get(key) ?? []) {
        const total = summed.get(authorId) ?? {
          count: 0,
          probabilitySums: tally.probabilitySums.map(() => 0),
        };
        summed.set(authorId, total);
        total.count += tally.count;
        tally.probabilitySums.forEach((sum, label) => (total.probabilitySums[label] += sum));
      }
    }
    return summed;
  }

  /** Starts of the buckets held, oldest first. */
  bucketStarts(): number[] {
    return [...this.buckets.keys()].sort((a, b) => a - b);
  }

  private bucketAt(startMs: number): Map<string, Map<string, SoftTally>> | null {
    const existing = this.buckets.get(startMs);
    if (existing) return existing;
    const starts = this.bucketStarts();
    if (starts.length >= this.horizonBuckets && startMs < starts[0]) return null;
    const created = new Map<string, Map<string, SoftTally>>();
    this.buckets.set(startMs, created);
    if (starts.length >= this.horizonBuckets) this.buckets.delete(starts[0]);
    return created;
  }
}
