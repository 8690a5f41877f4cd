import { parseTopicRegistry, fetchedEncoderFiles } from '@riptide/nlp';
import { describe, expect, it } from 'vitest';
import { scorerConfigFromEnv } from '../scorer-config';
import { loadScoringModels } from './load-scoring-models';

const topics = (accurateModel: string) =>
  parseTopicRegistry({
    schema: 'topics/v1',
    topics: [
      { id: 'abortion', name: 'A', keywords: ['abortion'], stance: { target: 'abortion', model: accurateModel } },
      { id: 'climate', name: 'C', keywords: ['climate'], stance: { target: 'climate' } },
    ],
  }).topics;

describe('loadScoringModels with the real tiers', () => {
  it('runs the tier a topic names beside the deployment tier, and says so in each model id', async () => {
    fetchedEncoderFiles();
    const models = await loadScoringModels(scorerConfigFromEnv({ SCORER_TIER: 'small' }), topics('accurate'));
    try {
      expect(models.sentiment.modelId).toMatch(/^sentiment-small@/);
      expect(models.stanceFor('abortion')?.model.modelId).toMatch(/^stance-accurate@/);
      expect(models.stanceFor('climate')?.model.modelId).toMatch(/^stance-small@/);
      expect(models.modelIds).toHaveLength(3);
      const [scored] = await models.stanceFor('abortion')!.model.classifier.classify(['Every life matters'], {
        target: 'abortion',
      });
      expect(scored.probs).toHaveLength(3);
    } finally {
      await models.close();
    }
  }, 120_000);

  it('names the topic and the model when stance.model is neither a tier nor a configured classifier', async () => {
    await expect(loadScoringModels(scorerConfigFromEnv({ SCORER_TIER: 'small' }), topics('acurate'))).rejects.toThrow(
      /topic abortion: stance.model "acurate" is neither a tier \(small, .*accurate.*\) nor the id of a configured stance classifier/,
    );
  });
});
