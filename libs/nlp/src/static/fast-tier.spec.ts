import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccurateClassifier } from '../embeddings/accurate-classifier';
import { classifierTier, classifierTierNames, type TierModels } from '../tiers/classifier-tiers';
import { FastClassifier } from './fast-classifier';
import { FAST_MODELS_DIR, FAST_TIER_FILES } from './fast-tier';
import { StaticEmbedder } from './static-embedder';

const dataDir = process.env.RIPTIDE_DATA_DIR ?? resolve('../shared/data');

// The committed models/fast files: they load (checksums equal), need no encoder, and behave sensibly,
// so that a retrained or re-distilled model that breaks them cannot land unnoticed.
describe('the fast tier (committed models/fast)', () => {
  let models: TierModels;
  const encoders = process.env.RIPTIDE_MODELS_DIR;

  beforeAll(async () => {
    // An empty encoder folder: the tier must load and score without the MiniLM files.
    process.env.RIPTIDE_MODELS_DIR = mkdtempSync(join(tmpdir(), 'no-encoders-'));
    models = await classifierTier('fast').load();
  });
  afterAll(async () => {
    if (encoders === undefined) delete process.env.RIPTIDE_MODELS_DIR;
    else process.env.RIPTIDE_MODELS_DIR = encoders;
    await models.sentiment.close();
    await models.stance.close();
  });

  it('is registered by name, with the fast models', () => {
    expect(classifierTierNames()).toContain('fast');
    expect([models.sentiment.id, models.stance.id]).toEqual(['sentiment-fast', 'stance-fast']);
  });

  it('scores clear sentiment the obvious way, in order, with probabilities summing to 1', async () => {
    const results = await models.sentiment.classify([
      'I love this, best day ever! :)',
      'This is terrible, I hate it so much',
      'The meeting is at 3pm in room 12',
    ]);
    expect(results.map((r) => r.label)).toEqual(['positive', 'negative', 'neutral']);
    for (const result of results) expect(result.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('gives a stance per target and requires the target', async () => {
    const [result] = await models.stance.classify(['Hillary for president! #ImWithHer'], {
      target: 'hillary',
    });
    expect(result.label).toBe('favor');
    await expect(models.stance.classify(['anything'])).rejects.toThrow(
      'target: the stance model stance-fast needs a stance target',
    );
  });

  it('decides on the uncalibrated probabilities and returns the calibrated ones', async () => {
    const classifier = models.sentiment as FastClassifier;
    expect(classifier.calibration?.temperature).toBeGreaterThan(0);
    const texts = ['not bad at all', 'meh', 'worst service ever', 'great, just great...'];
    const raw = await classifier.probabilities(texts);
    const results = await classifier.classify(texts);
    results.forEach((result, r) => {
      const row = raw.subarray(r * 3, r * 3 + 3);
      const offsets = classifier.manifest.decisionOffsets;
      const scores = [...row].map((p, c) => Math.log(p) + offsets[c]);
      expect(result.label).toBe(classifier.labels[scores.indexOf(Math.max(...scores))]);
      expect([...result.probs]).not.toEqual([...row]); // temperature != 1 changes the probabilities
    });
  });

  it('gives what AccurateClassifier gives on the same graph, also with calls overlapping', async () => {
    // AccurateClassifier lays out one padded batch per call: the reference for FastClassifier's sorted runs.
    const texts = readFileSync(join(dataDir, 'stance/climate/train_text.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .slice(0, 300);
    const embedder = StaticEmbedder.load(join(FAST_MODELS_DIR, FAST_TIER_FILES.staticEmbedding));
    const reference = await AccurateClassifier.load(join(FAST_MODELS_DIR, FAST_TIER_FILES.stance), embedder);
    try {
      const expected = await reference.classify(texts, { target: 'climate' });
      const [first, second] = await Promise.all([
        models.stance.classify(texts, { target: 'climate' }),
        models.stance.classify(texts.slice().reverse(), { target: 'climate' }),
      ]);
      first.forEach((result, i) => {
        expect(result.label).toBe(expected[i].label);
        result.probs.forEach((p, c) => expect(p).toBeCloseTo(expected[i].probs[c], 5));
        expect([...second[texts.length - 1 - i].probs]).toEqual([...result.probs]);
      });
    } finally {
      await reference.close();
    }
  });

  it('refuses heads trained on another table', async () => {
    const embedder = StaticEmbedder.load(join(FAST_MODELS_DIR, FAST_TIER_FILES.staticEmbedding));
    Object.defineProperty(embedder, 'modelId', { value: 'another-table' });
    await expect(
      FastClassifier.load(join(FAST_MODELS_DIR, FAST_TIER_FILES.sentiment), embedder),
    ).rejects.toThrow(/embedding.encoder: trained on minilm-static-256 \(256-d\), given another-table/);
  });
});
