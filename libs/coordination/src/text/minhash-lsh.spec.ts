import { describe, expect, it } from 'vitest';
import { normaliseForShingles, textBucketKeys } from './minhash-lsh';

function sharesBucket(a: string, b: string): boolean {
  const keys = new Set(textBucketKeys(a));
  return textBucketKeys(b).some((key) => keys.has(key));
}

describe('textBucketKeys', () => {
  const base =
    'the election was stolen by corrupt officials and the media will not tell you the truth about it';

  it('puts a near-duplicate (one word changed, a mention and a link added) in a shared bucket', () => {
    expect(sharesBucket(base, `@someone ${base.replace('corrupt', 'crooked')} https://t.co/x1`)).toBe(true);
  });

  it('keeps unrelated texts apart', () => {
    expect(
      sharesBucket(base, 'great weather for a walk in the park with the kids this sunday afternoon'),
    ).toBe(false);
  });

  it('is deterministic for a seed and gives one key per band', () => {
    expect(textBucketKeys(base)).toEqual(textBucketKeys(base));
    expect(textBucketKeys(base, { bands: 8, rows: 2 })).toHaveLength(8);
    expect(textBucketKeys(base, { seed: 1 })).not.toEqual(textBucketKeys(base, { seed: 2 }));
  });

  it('drops links and mentions before shingling, and rejects bad parameters', () => {
    expect(normaliseForShingles('RT @bot: Look https://x.y/z NOW')).toEqual(['rt', 'look', 'now']);
    expect(textBucketKeys('')).toEqual([]);
    expect(() => textBucketKeys(base, { bands: 0 })).toThrow(/bands/);
  });
});
