import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TierModels } from './classifier-tiers';
import { classifierTier, classifierTierNames } from './classifier-tiers';
import './small-tier';

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
});
