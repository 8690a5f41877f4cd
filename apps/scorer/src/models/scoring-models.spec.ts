import { parseTopicRegistry } from '@riptide/nlp';
import { describe, expect, it } from 'vitest';
import { FakeClassifier } from '../scoring/fake-classifier';
import { contractScore, scoringModel } from './scoring-model';
import { resolveScoringModels, tiersNamedByTopics } from './scoring-models';

const SENTIMENT = ['negative', 'neutral', 'positive'];
const STANCE = ['none', 'against', 'favor'];
const tier = () => ({ sentiment: new FakeClassifier('sentiment-small', 'sentiment', SENTIMENT, () => 1), stance: new FakeClassifier('stance-small', 'stance', STANCE, () => 0) });

const topics = parseTopicRegistry({
  schema: 'topics/v1',
  topics: [
    { id: 'abortion', name: 'A', keywords: ['abortion'], stance: { target: 'abortion', model: 'accurate' } },
    { id: 'climate', name: 'C', keywords: ['climate'], stance: { target: 'climate' } },
    { id: 'vaccines', name: 'V', keywords: ['vaccine'], stance: { target: 'vaccines', model: 'vax-roberta' } },
    { id: 'sport', name: 'S', keywords: ['goal'] },
  ],
}).topics;

describe('resolveScoringModels', () => {
  it('scores a topic with the tier its stance.model names, else a pluggable classifier for its target, else the deployment tier', () => {
    const models = tier();
    const accurate = { sentiment: new FakeClassifier('sentiment-accurate', 'sentiment', SENTIMENT, () => 1), stance: new FakeClassifier('stance-accurate', 'stance', STANCE, () => 2) };
    const climate = new FakeClassifier('climate-bert', 'stance', STANCE, () => 2);
    const vax = new FakeClassifier('vax-roberta', 'stance', STANCE, () => 2);
    const resolved = resolveScoringModels(models, [{ classifier: climate, target: 'climate' }, { classifier: vax, target: 'vaccines' }], topics, ['small', 'accurate'], new Map([['accurate', accurate]]));
    expect(resolved.stanceFor('abortion')?.model.classifier).toBe(accurate.stance);
    expect(resolved.stanceFor('climate')).toMatchObject({ target: 'climate', model: { modelId: 'climate-bert@1' } });
    expect(resolved.stanceFor('vaccines')?.model.classifier).toBe(vax);
    expect(resolved.stanceFor('sport')).toBeUndefined();
    expect(resolved.sentiment.classifier).toBe(models.sentiment);
    expect(resolved.modelIds).toEqual(['sentiment-small@1', 'stance-accurate@1', 'climate-bert@1', 'vax-roberta@1']);
  });

  it('falls back to the deployment tier for a topic without stance.model and no pluggable classifier', () => {
    const models = tier();
    const resolved = resolveScoringModels(models, [], topics.filter((topic) => topic.id === 'climate'), ['small']);
    expect(resolved.stanceFor('climate')?.model.classifier).toBe(models.stance);
  });

  it('refuses a topic whose named tier was not loaded, rather than scoring it with another model', () => {
    expect(() => resolveScoringModels(tier(), [{ classifier: new FakeClassifier('vax-roberta', 'stance', STANCE, () => 2) }], topics, ['small', 'accurate'])).toThrow(
      /topic abortion: its stance tier "accurate" was not loaded/,
    );
  });

  it('lists the tiers topics name, leaving out pluggable classifiers of that id', () => {
    const vax = new FakeClassifier('vax-roberta', 'stance', STANCE, () => 2);
    expect(tiersNamedByTopics(topics, [{ classifier: vax }], ['small', 'accurate'])).toEqual(['accurate']);
  });

  it('replaces the tier sentiment model with a pluggable one and closes every model', async () => {
    const models = tier();
    const sentiment = new FakeClassifier('twitter-roberta', 'sentiment', SENTIMENT, () => 0);
    const vax = new FakeClassifier('vax-roberta', 'stance', STANCE, () => 2);
    const resolved = resolveScoringModels(models, [{ classifier: sentiment }, { classifier: vax }], topics.filter((topic) => topic.id !== 'abortion'), ['small', 'accurate']);
    expect(resolved.sentiment.classifier).toBe(sentiment);
    await resolved.close();
    expect([models.sentiment.closed, models.stance.closed, sentiment.closed, vax.closed]).toEqual([true, true, true, true]);
  });

  it('names the topic and the unknown model', () => {
    expect(() => resolveScoringModels(tier(), [], topics, ['small', 'accurate'])).toThrow(/topic vaccines: stance.model "vax-roberta" is neither a tier \(small, accurate\) nor/);
  });
});

describe('contractScore', () => {
  it('renormalises a model with an extra label over the contract labels', () => {
    const mixed = new FakeClassifier('mixed', 'sentiment', ['negative', 'neutral', 'positive', 'mixed'], () => 3);
    const model = scoringModel(mixed, ['negative', 'neutral', 'positive']);
    const score = contractScore(model, { label: 'mixed', probs: Float32Array.from([0.1, 0.2, 0.2, 0.5]) });
    expect(score.label).toBe('neutral');
    expect(score.probs).toEqual([0.2, 0.4, 0.4]);
  });

  it('refuses a model lacking a contract label', () => {
    const twoWay = new FakeClassifier('binary', 'sentiment', ['negative', 'positive'], () => 0);
    expect(() => scoringModel(twoWay, ['negative', 'neutral', 'positive'])).toThrow(/binary: its labels \[negative, positive\] lack "neutral"/);
  });
});
