import {
  scoredPostCodec,
  SENTIMENT_LABELS,
  STANCE_LABELS,
  shareEventCodec,
  stanceObservationCodec,
  type AuthorProfile,
  type Post,
} from '@riptide/contracts';
import { compileTopicMatcher, parseTopicRegistry } from '@riptide/nlp';
import { describe, expect, it } from 'vitest';
import { scoringModel } from '../models/scoring-model';
import type { ScoringModels } from '../models/scoring-models';
import { FakeClassifier } from './fake-classifier';
import { OBSERVATIONS_TOPIC, PostScorer, SCORED_TOPIC, SHARES_TOPIC } from './post-scorer';

const registry = parseTopicRegistry({
  schema: 'topics/v1',
  topics: [
    { id: 'climate', name: 'Climate', keywords: ['climate'], stance: { target: 'climate' } },
    { id: 'hillary', name: 'Hillary', hashtags: ['hillary'], stance: { target: 'hillary', model: 'small' } },
    { id: 'weather', name: 'Weather (counted, no stance)', keywords: ['rain'] },
  ],
});

function post(id: string, overrides: Partial<Post> = {}): Post {
  return {
    schema: 'post/v1',
    id,
    platform: 'twitter',
    author_id: `author-${id}`,
    created_at: '2026-11-01T12:00:00Z',
    text: 'nothing to see',
    kind: 'original',
    urls: [],
    hashtags: [],
    mentions: [],
    media_hashes: [],
    ...overrides,
  };
}

const profile: AuthorProfile = {
  schema: 'author/v1',
  author_id: 'author-p1',
  platform: 'twitter',
  demographics: { age_group: '30-44', region: 'north' },
  updated_at: '2026-10-01T00:00:00Z',
};

function setup() {
  // Sentiment labels in a different order than the contract's, to prove the reordering.
  const sentiment = new FakeClassifier(
    'sentiment-fake',
    'sentiment',
    ['positive', 'negative', 'neutral'],
    (text) => (text.includes('love') ? 0 : 2),
  );
  const stance = new FakeClassifier('stance-fake', 'stance', ['none', 'against', 'favor'], (text) =>
    text.includes('hoax') ? 1 : 2,
  );
  // Every topic with a stance block is scored by the one stance model (which model scores which topic
  // is resolveScoringModels' concern, tested in scoring-models.spec.ts).
  const stanceModel = scoringModel(stance, STANCE_LABELS);
  const models: ScoringModels = {
    sentiment: scoringModel(sentiment, SENTIMENT_LABELS),
    stanceFor: (topicId) => {
      const topic = registry.topics.find((entry) => entry.id === topicId);
      return topic?.stance ? { model: stanceModel, target: topic.stance.target } : undefined;
    },
    modelIds: ['sentiment-fake@1', 'stance-fake@1'],
    close: async () => undefined,
  };
  const scorer = new PostScorer({
    authors: { get: (id) => (id === profile.author_id ? profile : null) },
    matchTopics: compileTopicMatcher(registry),
    models,
    shares: { minTextWords: 4, text: { bands: 2, rows: 2 } },
    now: () => new Date('2026-11-02T00:00:00Z'),
  });
  return { sentiment, stance, scorer };
}

function decodeAll<T>(
  codec: {
    decode(bytes: Buffer | string): { ok: true; value: T } | { ok: false; error: { message: string } };
  },
  values: (Buffer | string)[],
): T[] {
  return values.map((value) => {
    const decoded = codec.decode(value);
    if (!decoded.ok) throw new Error(decoded.error.message);
    return decoded.value;
  });
}

describe('PostScorer', () => {
  it('writes valid scored posts keyed by author, with the joined profile, sentiment in contract order and stances', async () => {
    const { scorer } = setup();
    const outputs = await scorer.score([
      post('p1', { text: 'I love climate action', hashtags: ['Hillary'] }),
      post('p2'),
    ]);
    const scored = outputs.filter((output) => output.topic === SCORED_TOPIC);
    expect(scored.map((output) => output.key)).toEqual(['author-p1', 'author-p2']);
    const [first, second] = decodeAll(
      scoredPostCodec,
      scored.map((output) => output.value),
    );
    expect(first.author).toEqual(profile);
    expect(first.sentiment).toEqual({ label: 'positive', probs: [0.05, 0.05, 0.9] });
    expect(first.stances.map((stance) => [stance.topic_id, stance.label])).toEqual([
      ['climate', 'favor'],
      ['hillary', 'favor'],
    ]);
    expect(first.models).toEqual({ sentiment: 'sentiment-fake@1', stance: 'stance-fake@1' });
    expect(first.scored_at).toBe('2026-11-02T00:00:00.000Z');
    expect(second.author).toBeNull();
    expect(second.stances).toEqual([]);
    expect(second.models).toEqual({ sentiment: 'sentiment-fake@1' });
    expect(second.sentiment.label).toBe('neutral');
  });

  it('batches inference: one sentiment call, one stance call per target', async () => {
    const { scorer, sentiment, stance } = setup();
    await scorer.score([
      post('a', { text: 'climate is a hoax' }),
      post('b', { text: 'rain again' }),
      post('c', { text: 'climate now', hashtags: ['hillary'] }),
    ]);
    expect(sentiment.calls).toEqual([{ texts: ['climate is a hoax', 'rain again', 'climate now'] }]);
    expect(stance.calls).toEqual([
      { texts: ['climate is a hoax', 'climate now'], target: 'climate' },
      { texts: ['climate now'], target: 'hillary' },
    ]);
  });

  it('classifies each distinct text once and gives copies the same scores', async () => {
    const { scorer, sentiment } = setup();
    const outputs = await scorer.score([
      post('a', { text: 'I love it' }),
      post('b', { kind: 'repost', referenced_post_id: 'a', text: '' }),
      post('c', { text: 'I love it' }),
      post('d', { kind: 'repost', referenced_post_id: 'c', text: '' }),
    ]);
    expect(sentiment.calls).toEqual([{ texts: ['I love it', ''] }]);
    const scored = decodeAll(
      scoredPostCodec,
      outputs.filter((output) => output.topic === SCORED_TOPIC).map((output) => output.value),
    );
    expect(scored.map((entry) => entry.sentiment.label)).toEqual([
      'positive',
      'neutral',
      'positive',
      'neutral',
    ]);
  });

  it('writes one observation per matched topic with a stance model, keyed by topic, with demographics', async () => {
    const { scorer } = setup();
    const outputs = await scorer.score([
      post('p1', { text: 'climate is a hoax, it will rain' }),
      post('p9', { text: 'climate', author: { gender: 'female' } }),
    ]);
    const observations = outputs.filter((output) => output.topic === OBSERVATIONS_TOPIC);
    expect(observations.map((output) => output.key)).toEqual(['climate', 'climate']);
    const [fromProfile, fromPost] = decodeAll(
      stanceObservationCodec,
      observations.map((output) => output.value),
    );
    expect(fromProfile).toMatchObject({
      post_id: 'p1',
      author_id: 'author-p1',
      topic_id: 'climate',
      model: 'stance-fake@1',
      sentiment_model: 'sentiment-fake@1',
      demographics: { age_group: '30-44', region: 'north' },
    });
    expect(fromProfile.stance.label).toBe('against');
    expect(fromPost.demographics).toEqual({ gender: 'female' });
  });

  it('writes one share per shared object, keyed by object id, tagged with the matched topics', async () => {
    const { scorer } = setup();
    const outputs = await scorer.score([
      post('r1', {
        kind: 'repost',
        referenced_post_id: 'orig-1',
        text: '',
        urls: ['https://WWW.Example.org/a?utm_source=x#f'],
        hashtags: ['Climate'],
      }),
    ]);
    const shares = outputs.filter((output) => output.topic === SHARES_TOPIC);
    expect(shares.map((output) => output.key)).toEqual([
      'post:orig-1',
      'url:https://www.example.org/a',
      'domain:example.org',
      'hashtag:climate',
    ]);
    const decoded = decodeAll(
      shareEventCodec,
      shares.map((output) => output.value),
    );
    expect(decoded[0]).toEqual({
      schema: 'share/v1',
      object_id: 'post:orig-1',
      object_kind: 'post',
      account_id: 'author-r1',
      post_id: 'r1',
      shared_at: '2026-11-01T12:00:00Z',
    });
    const texts = await scorer.score([post('t1', { text: 'the same four words and more' })]);
    expect(texts.filter((output) => output.topic === SHARES_TOPIC).map((output) => output.key)).toEqual([
      expect.stringMatching(/^text:0:/),
      expect.stringMatching(/^text:1:/),
    ]);
  });

  it('lists the stances of a post in registry order, whatever order the inference calls ran in', async () => {
    const { scorer } = setup();
    const outputs = await scorer.score([
      post('h', { text: 'nothing', hashtags: ['hillary'] }),
      post('ch', { text: 'climate', hashtags: ['hillary'] }),
    ]);
    const [, both] = decodeAll(
      scoredPostCodec,
      outputs.filter((output) => output.topic === SCORED_TOPIC).map((output) => output.value),
    );
    expect(both.stances.map((stance) => stance.topic_id)).toEqual(['climate', 'hillary']);
  });

  it('returns nothing for an empty batch', async () => {
    const { scorer, sentiment } = setup();
    expect(await scorer.score([])).toEqual([]);
    expect(sentiment.calls).toEqual([]);
  });
});
