import {
  postCodec,
  SENTIMENT_LABELS,
  STANCE_LABELS,
  type AuthorProfile,
  type Post,
  type SentimentScore,
  type TopicStance,
} from '@riptide/contracts';
import { extractSharedObjects, type ShareExtractionOptions } from '@riptide/coordination';
import {
  classifierTier,
  compileTopicMatcher,
  type Classification,
  type ClassifyOptions,
  type TextClassifier,
} from '@riptide/nlp';
import type { OutboundMessage } from '@riptide/stream';
import { deadLetterFor } from '../libs/stream/src/runtime/dead-letter';
import type { KafkaMessage } from 'kafkajs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuthorTable } from '../apps/scorer/src/authors/author-table';
import { contractScore, scoringModel, type ScoringModel } from '../apps/scorer/src/models/scoring-model';
import type { ScoringModels } from '../apps/scorer/src/models/scoring-models';
import { PostScorer } from '../apps/scorer/src/scoring/post-scorer';
import { HashedClassifier, profiles, rawPosts, registry } from './scorer-output-identity.corpus';

/**
 * Every message the scorer's output-producing code writes, byte for byte, against a golden file made
 * from the code before the scorer's speed work (issue 20): scored posts, stance observations, shares
 * (two share configurations) and the dead letters of invalid posts, for a fixed, varied set of posts.
 * The classifiers are deterministic stand-ins, so the golden does not move when models/ are retrained.
 * A second check runs the real small tier and compares each output with the plain construction
 * (objects through JSON.stringify) the scorer used before, fed the same classifications.
 *
 * Regenerate the golden only for an intended change of the outputs:
 * `UPDATE_SCORER_GOLDEN=1 npx vitest run test/scorer-output-identity.test.ts`.
 */

const GOLDEN = resolve(__dirname, 'scorer-output-identity.golden.json');
const SCORED_AT = new Date('2026-11-02T03:04:05.678Z');
const BATCH_SIZES = [1, 7, 40, 1_000];

const FULL_SHARES: ShareExtractionOptions = { minTextWords: 6, text: { bands: 4, rows: 3 } };
const FEW_SHARES: ShareExtractionOptions = {
  kinds: new Set(['post', 'url', 'domain', 'media']),
  minTextWords: 3,
  text: { bands: 2, rows: 2 },
};

interface GoldenMessage {
  readonly run: string;
  readonly topic: string;
  readonly key: string | null;
  readonly headers?: Record<string, string>;
  /** The value's bytes as UTF-8 text (every output is JSON, hence valid UTF-8). */
  readonly value: string;
}

/** A ScoringModels over the given classifiers: `hillary` by the four-label model, the rest by the tier's. */
function modelsOf(
  sentiment: TextClassifier,
  stance: TextClassifier,
  fourLabels: TextClassifier,
): ScoringModels {
  const sentimentModel = scoringModel(sentiment, SENTIMENT_LABELS);
  const tierStance = scoringModel(stance, STANCE_LABELS);
  const hillaryStance = scoringModel(fourLabels, STANCE_LABELS);
  const byTopic = new Map(
    registry.topics
      .filter((topic) => topic.stance)
      .map((topic) => [
        topic.id,
        { model: topic.id === 'hillary' ? hillaryStance : tierStance, target: topic.stance!.target },
      ]),
  );
  return {
    sentiment: sentimentModel,
    stanceFor: (topicId) => byTopic.get(topicId),
    modelIds: [sentimentModel.modelId, tierStance.modelId, hillaryStance.modelId],
    close: async () => undefined,
  };
}

function authorTable(): AuthorTable {
  const table = new AuthorTable();
  const problems = table.apply(
    profiles.map((profile) => ({ key: profile.author_id, value: Buffer.from(JSON.stringify(profile)) })),
  );
  expect(problems).toEqual([]);
  return table;
}

/** Valid posts decoded as the runtime decodes them; invalid ones as the runtime dead-letters them. */
function decodePosts(raws: readonly string[]): { posts: Post[]; deadLetters: OutboundMessage[] } {
  const posts: Post[] = [];
  const deadLetters: OutboundMessage[] = [];
  raws.forEach((raw, offset) => {
    const value = Buffer.from(raw);
    const decoded = postCodec.decode(value);
    if (decoded.ok) posts.push(decoded.value);
    else {
      const message = {
        key: Buffer.from(`k-${offset}`),
        value,
        offset: String(offset),
        timestamp: '0',
        attributes: 0,
        headers: { trace: 'abc' },
      };
      deadLetters.push(
        deadLetterFor('posts.raw', 'prefix.posts.raw', 2, message as KafkaMessage, decoded.error, 'scorer'),
      );
    }
  });
  return { posts, deadLetters };
}

async function scoreInBatches(scorer: PostScorer, posts: readonly Post[]): Promise<OutboundMessage[]> {
  const outputs: OutboundMessage[] = [];
  let start = 0;
  for (const size of BATCH_SIZES) {
    outputs.push(...(await scorer.score(posts.slice(start, start + size))));
    start += size;
  }
  expect(start).toBeGreaterThanOrEqual(posts.length);
  return outputs;
}

function asGolden(run: string, message: OutboundMessage): GoldenMessage {
  return {
    run,
    topic: message.topic,
    key: message.key,
    ...(message.headers === undefined ? {} : { headers: message.headers }),
    value: Buffer.from(message.value).toString('utf8'),
  };
}

describe('scorer outputs, byte for byte', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(SCORED_AT);
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it('match the golden file for a fixed, varied set of posts (deterministic classifiers)', async () => {
    const { posts, deadLetters } = decodePosts(rawPosts());
    expect(deadLetters).toHaveLength(5);
    const models = modelsOf(
      new HashedClassifier('sentiment-hashed', 'sentiment', ['positive', 'negative', 'neutral']),
      new HashedClassifier('stance-hashed', 'stance', ['against', 'favor', 'none']),
      new HashedClassifier('stance-four-labels', 'stance', ['favor', 'mixed', 'against', 'none'], '2.1'),
    );
    const authors = authorTable();
    const matchTopics = compileTopicMatcher(registry);
    const produced: GoldenMessage[] = [];
    for (const [run, shares] of [
      ['full-shares', FULL_SHARES],
      ['few-shares', FEW_SHARES],
    ] as const) {
      const scorer = new PostScorer({ authors, matchTopics, models, shares, now: () => SCORED_AT });
      for (const message of await scoreInBatches(scorer, posts)) produced.push(asGolden(run, message));
    }
    for (const message of deadLetters) produced.push(asGolden('dead-letters', message));

    if (process.env.UPDATE_SCORER_GOLDEN === '1' || !existsSync(GOLDEN))
      writeFileSync(GOLDEN, `[\n${produced.map((message) => JSON.stringify(message)).join(',\n')}\n]\n`);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as GoldenMessage[];

    // Every shape the corpus is meant to cover is in the golden, so it cannot silently shrink.
    const count = (run: string, topic: string) =>
      golden.filter((message) => message.run === run && message.topic === topic).length;
    expect(count('full-shares', 'posts.scored')).toBe(posts.length);
    expect(count('full-shares', 'stance.observations')).toBeGreaterThan(20);
    expect(count('full-shares', 'shares')).toBeGreaterThan(count('few-shares', 'shares'));
    expect(count('dead-letters', 'posts.raw.dlq')).toBe(5);

    expect(produced.length).toBe(golden.length);
    produced.forEach((message, index) => {
      const expected = golden[index];
      expect({
        index,
        run: message.run,
        topic: message.topic,
        key: message.key,
        headers: message.headers,
      }).toEqual({
        index,
        run: expected.run,
        topic: expected.topic,
        key: expected.key,
        headers: expected.headers,
      });
      // Bytes, not parsed JSON: key order, number formatting and string escapes all count.
      expect(
        Buffer.from(message.value, 'utf8').equals(Buffer.from(expected.value, 'utf8')),
        `message ${index}: ${message.value}`,
      ).toBe(true);
    });
  });

  it('match the plain construction for the real small tier, fed the same classifications', async () => {
    const { posts } = decodePosts(rawPosts());
    const tier = await classifierTier('small').load({});
    try {
      const sentiment = new RecordingClassifier(tier.sentiment);
      const stance = new RecordingClassifier(tier.stance);
      const models = modelsOf(sentiment, stance, stance);
      const authors = authorTable();
      const matchTopics = compileTopicMatcher(registry);
      const scorer = new PostScorer({
        authors,
        matchTopics,
        models,
        shares: FULL_SHARES,
        now: () => SCORED_AT,
      });
      const outputs = await scoreInBatches(scorer, posts);
      const reference = referenceOutputs(posts, {
        authors,
        models,
        matchTopics,
        sentiment,
        stance,
        shares: FULL_SHARES,
      });
      expect(outputs.length).toBe(reference.length);
      expect(reference.filter((message) => message.topic === 'stance.observations').length).toBeGreaterThan(
        20,
      );
      outputs.forEach((message, index) => {
        expect([message.topic, message.key]).toEqual([reference[index].topic, reference[index].key]);
        expect(
          Buffer.from(message.value).equals(Buffer.from(reference[index].value)),
          `message ${index}`,
        ).toBe(true);
      });
    } finally {
      await tier.sentiment.close();
      await tier.stance.close();
    }
  });
});

/** Passes calls through and remembers each answer by text and target, for the reference to reuse. */
class RecordingClassifier implements TextClassifier {
  readonly answers = new Map<string, Classification>();
  constructor(private readonly inner: TextClassifier) {}
  get id() {
    return this.inner.id;
  }
  get task() {
    return this.inner.task;
  }
  get labels() {
    return this.inner.labels;
  }
  get manifest() {
    return (this.inner as { manifest?: unknown }).manifest;
  }
  async classify(texts: readonly string[], options: ClassifyOptions = {}): Promise<Classification[]> {
    const answers = await this.inner.classify(texts, options);
    texts.forEach((text, index) => this.answers.set(`${options.target ?? ''}|${text}`, answers[index]));
    return answers;
  }
  answer(text: string, target = ''): Classification {
    const answer = this.answers.get(`${target}|${text}`);
    if (!answer)
      throw new Error(`the scorer never classified ${JSON.stringify(text)} for ${target || 'sentiment'}`);
    return answer;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * The scorer's outputs as it built them before the speed work (issue 20): plain objects in this field
 * order through JSON.stringify. Test-only: the runtime keeps no second encoder.
 */
function referenceOutputs(
  posts: readonly Post[],
  context: {
    authors: AuthorTable;
    models: ScoringModels;
    matchTopics: ReturnType<typeof compileTopicMatcher>;
    sentiment: RecordingClassifier;
    stance: RecordingClassifier;
    shares: ShareExtractionOptions;
  },
): { topic: string; key: string | null; value: string }[] {
  const { authors, models, matchTopics, sentiment, stance, shares } = context;
  const scoredAt = SCORED_AT.toISOString();
  const outputs: { topic: string; key: string | null; value: string }[] = [];
  for (const post of posts) {
    const author: AuthorProfile | null = authors.get(post.author_id);
    const sentimentScore: SentimentScore = contractScore(models.sentiment, sentiment.answer(post.text));
    const topicIds = matchTopics({ text: post.text, hashtags: post.hashtags, lang: post.lang ?? undefined });
    const stances: { stance: TopicStance; modelId: string }[] = [];
    for (const topicId of topicIds) {
      const resolved = models.stanceFor(topicId);
      if (!resolved) continue;
      const model: ScoringModel<TopicStance['label']> = resolved.model;
      stances.push({
        stance: { topic_id: topicId, ...contractScore(model, stance.answer(post.text, resolved.target)) },
        modelId: model.modelId,
      });
    }
    const modelsField =
      stances.length > 0
        ? { sentiment: models.sentiment.modelId, stance: stances[0].modelId }
        : { sentiment: models.sentiment.modelId };
    outputs.push({
      topic: 'posts.scored',
      key: post.author_id,
      value: JSON.stringify({
        schema: 'scored-post/v1',
        post,
        author,
        sentiment: sentimentScore,
        stances: stances.map((entry) => entry.stance),
        models: modelsField,
        scored_at: scoredAt,
      }),
    });
    const source =
      author && Object.keys(author.demographics).length > 0 ? author.demographics : (post.author ?? {});
    const demographics: Record<string, string> = {};
    for (const [dimension, value] of Object.entries(source))
      if (typeof value === 'string') demographics[dimension] = value;
    for (const { stance: score, modelId } of stances) {
      outputs.push({
        topic: 'stance.observations',
        key: score.topic_id,
        value: JSON.stringify({
          schema: 'stance-observation/v1',
          post_id: post.id,
          author_id: post.author_id,
          topic_id: score.topic_id,
          created_at: post.created_at,
          stance: { label: score.label, probs: score.probs },
          sentiment: sentimentScore,
          demographics,
          model: modelId,
          sentiment_model: models.sentiment.modelId,
        }),
      });
    }
    for (const object of extractSharedObjects(post, shares)) {
      outputs.push({
        topic: 'shares',
        key: object.id,
        value: JSON.stringify({
          schema: 'share/v1',
          object_id: object.id,
          object_kind: object.kind,
          account_id: post.author_id,
          post_id: post.id,
          shared_at: post.created_at,
          ...(topicIds.length > 0 ? { topic_ids: topicIds } : {}),
        }),
      });
    }
  }
  return outputs;
}
