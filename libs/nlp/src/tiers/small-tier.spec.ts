import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { OnnxLinearClassifier } from '../inference/onnx-linear-classifier';
import type { TierModels } from './classifier-tiers';
import { classifierTier, classifierTierNames } from './classifier-tiers';
import { SMALL_MODELS_DIR } from './small-tier';

// The committed models/small files: this checks that they load (manifest valid, checksum equal)
// and behave sensibly, so that a retrained model that breaks them cannot land unnoticed.
describe('the small tier (committed models/small)', () => {
  let models: TierModels;
  beforeAll(async () => {
    models = await classifierTier('small').load();
  });
  afterAll(async () => {
    await models.sentiment.close();
    await models.stance.close();
  });

  it('is registered by name, and unknown names are refused with the list of known ones', () => {
    expect(classifierTierNames()).toContain('small');
    expect(() => classifierTier('huge')).toThrow(/tier: unknown tier "huge"; known tiers: .*small/);
  });

  it('scores clear sentiment the obvious way, in batches, in order', async () => {
    const texts = [
      'I love this, best day ever! :)',
      'This is terrible, I hate it so much',
      'The meeting is at 3pm in room 12',
    ];
    const results = await models.sentiment.classify(texts);
    expect(results.map((r) => r.label)).toEqual(['positive', 'negative', 'neutral']);
    for (const result of results) expect(result.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('gives a stance per target and requires the target', async () => {
    const [result] = await models.stance.classify(['Hillary for president! #ImWithHer'], {
      target: 'hillary',
    });
    expect(result.label).toBe('favor');
    await expect(models.stance.classify(['anything'])).rejects.toThrow(
      'target: the stance model stance-small needs a stance target',
    );
  });

  it('answers in input order when it runs texts sorted by length in small runs', async () => {
    const texts = [
      'What a wonderful surprise, thank you all so much for coming tonight!!',
      'meh',
      'I cannot believe how bad the service was, never again',
      '',
      'ok then',
    ];
    const alone = await Promise.all(texts.map(async (text) => (await models.sentiment.classify([text]))[0]));
    const sorted = await OnnxLinearClassifier.load(join(SMALL_MODELS_DIR, 'sentiment-small.json'), {
      runRows: 2,
    });
    try {
      const together = await sorted.classify(texts);
      together.forEach((result, i) => {
        expect(result.label).toBe(alone[i].label);
        expect([...result.probs].map((p) => p.toFixed(5))).toEqual(
          [...alone[i].probs].map((p) => p.toFixed(5)),
        );
      });
    } finally {
      await sorted.close();
    }
  });
});
