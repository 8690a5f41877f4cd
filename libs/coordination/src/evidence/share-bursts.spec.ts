import { describe, expect, it } from 'vitest';
import { seededRandom } from '../simulation/seeded-random';
import type { Share } from '../share';
import { findShareBursts } from './share-bursts';

/** `count` organic shares of one object, spread uniformly over [0, span) seconds. */
function organic(object: string, count: number, span: number, random: () => number): Share[] {
  return Array.from({ length: count }, (_, k) => ({
    account: `${object}-organic-${k}`,
    object,
    time: Math.round(random() * span),
  }));
}

describe('findShareBursts', () => {
  it('finds five accounts within a minute on an object shared over hours, and not the organic spread around it', () => {
    const random = seededRandom(5);
    const push = ['p1', 'p2', 'p3', 'p4', 'p5'].map((account, k) => ({
      account,
      object: 'quiet',
      time: 5000 + k * 12,
    }));
    const bursts = findShareBursts([...organic('quiet', 20, 4 * 3600, random), ...push]);
    expect(bursts).toHaveLength(1);
    expect(bursts[0].object).toBe('quiet');
    expect(bursts[0].accounts.filter((account) => account.startsWith('p'))).toEqual([
      'p1',
      'p2',
      'p3',
      'p4',
      'p5',
    ]);
    expect(bursts[0].logPValue).toBeLessThan(Math.log(1e-3));
  });

  it('does not call a busy object’s own rush a burst', () => {
    const random = seededRandom(6);
    // 2,000 shares in an hour: about 33 per minute, so a minute with 40 of them is no surprise.
    expect(findShareBursts(organic('viral', 2000, 3600, random))).toEqual([]);
  });

  it('keeps signals apart: the same id as a hashtag and as a post are different objects', () => {
    const push = ['p1', 'p2', 'p3', 'p4'].map((account, k) => ({
      account,
      object: 'x',
      time: 100 + k,
      signal: k < 2 ? ('co-post' as const) : ('co-hashtag' as const),
    }));
    expect(findShareBursts(push, { minAccounts: 3 })).toEqual([]);
  });

  it('names a bad option', () => {
    expect(() => findShareBursts([], { maxSpanSeconds: -1 })).toThrow(/maxSpanSeconds must be >= 0/);
    expect(() => findShareBursts([], { minAccounts: 1 })).toThrow(/minAccounts must be an integer >= 2/);
  });
});
