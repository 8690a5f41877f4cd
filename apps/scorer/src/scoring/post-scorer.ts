import {
  scoredPostCodec,
  shareEventCodec,
  stanceObservationCodec,
  type AuthorProfile,
  type Post,
  type SentimentScore,
  type TopicStance,
} from '@riptide/contracts';
import { extractSharedObjects, type ShareExtractionOptions } from '@riptide/coordination';
import type { Classification, TopicMatcher } from '@riptide/nlp';
import type { OutboundMessage } from '@riptide/stream';
import type { ScoringModels } from '../models/scoring-models';
import { contractScore, type ScoringModel } from '../models/scoring-model';
import { scorerMetrics } from '../scorer-metrics';

export const SCORED_TOPIC = 'posts.scored';
export const OBSERVATIONS_TOPIC = 'stance.observations';
export const SHARES_TOPIC = 'shares';

export interface PostScorerOptions {
  readonly authors: { get(authorId: string): AuthorProfile | null };
  readonly matchTopics: TopicMatcher;
  readonly models: ScoringModels;
  readonly shares?: ShareExtractionOptions;
  readonly now?: () => Date;
}

interface StanceJob {
  readonly post: number;
  readonly topicId: string;
}

/**
 * Scores a batch of posts into the scorer's three outputs. Inference is batched: one sentiment call for
 * the whole batch, one stance call per (model, target) among the topics the posts matched. Per post, in
 * input order: its ScoredPost (key = author id), one StanceObservation per matched topic with a stance
 * model (key = topic id), and one ShareEvent per shared object (key = object id).
 */
export class PostScorer {
  private readonly now: () => Date;

  constructor(private readonly options: PostScorerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async score(posts: readonly Post[]): Promise<OutboundMessage[]> {
    if (posts.length === 0) return [];
    scorerMetrics.batchSize.observe(posts.length);
    const { models, matchTopics, authors } = this.options;
    const texts = posts.map((post) => post.text);

    const sentiments = (await this.classify(models.sentiment, texts)).map((classification) =>
      contractScore(models.sentiment, classification),
    );

    // Group (post, topic) pairs by model and stance target so that each group is one inference call.
    const jobs = new Map<ScoringModel<TopicStance['label']>, Map<string, StanceJob[]>>();
    const topicsOf = posts.map((post) =>
      matchTopics({ text: post.text, hashtags: post.hashtags, lang: post.lang ?? undefined }),
    );
    topicsOf.forEach((topicIds, post) => {
      for (const topicId of topicIds) {
        const resolved = models.stanceFor(topicId);
        if (!resolved) continue;
        const { model, target } = resolved;
        let byTarget = jobs.get(model);
        if (!byTarget) jobs.set(model, (byTarget = new Map()));
        let list = byTarget.get(target);
        if (!list) byTarget.set(target, (list = []));
        list.push({ post, topicId });
      }
    });
    const stances: { stance: TopicStance; modelId: string }[][] = posts.map(() => []);
    for (const [model, byTarget] of jobs) {
      for (const [target, list] of byTarget) {
        const classifications = await this.classify(
          model,
          list.map((job) => texts[job.post]),
          target,
        );
        list.forEach((job, index) =>
          stances[job.post].push({
            stance: { topic_id: job.topicId, ...contractScore(model, classifications[index]) },
            modelId: model.modelId,
          }),
        );
      }
    }
    // Jobs ran grouped by model and target; give each post its stances in the registry's topic order.
    stances.forEach((list, post) =>
      list.sort(
        (a, b) => topicsOf[post].indexOf(a.stance.topic_id) - topicsOf[post].indexOf(b.stance.topic_id),
      ),
    );

    const scoredAt = this.now().toISOString();
    const outputs: OutboundMessage[] = [];
    let withoutProfile = 0;
    let observations = 0;
    let shares = 0;
    posts.forEach((post, index) => {
      const author = authors.get(post.author_id);
      if (!author) withoutProfile++;
      const postStances = stances[index];
      outputs.push(
        this.scoredPost(post, author, sentiments[index], postStances, models.sentiment.modelId, scoredAt),
      );
      const demographics = demographicsOf(author, post);
      for (const { stance, modelId } of postStances) {
        outputs.push(
          this.observation(post, stance, sentiments[index], demographics, modelId, models.sentiment.modelId),
        );
        observations++;
      }
      const topicIds = topicsOf[index];
      for (const object of extractSharedObjects(post, this.options.shares)) {
        outputs.push({
          topic: SHARES_TOPIC,
          key: object.id,
          value: shareEventCodec.encode({
            schema: 'share/v1',
            object_id: object.id,
            object_kind: object.kind,
            account_id: post.author_id,
            post_id: post.id,
            shared_at: post.created_at,
            ...(topicIds.length > 0 ? { topic_ids: topicIds } : {}),
          }),
        });
        shares++;
      }
    });
    if (withoutProfile > 0) scorerMetrics.withoutProfile.inc(withoutProfile);
    scorerMetrics.outputs.inc({ topic: SCORED_TOPIC }, posts.length);
    if (observations > 0) scorerMetrics.outputs.inc({ topic: OBSERVATIONS_TOPIC }, observations);
    if (shares > 0) scorerMetrics.outputs.inc({ topic: SHARES_TOPIC }, shares);
    return outputs;
  }

  /**
   * One timed inference call over the distinct texts only: pure reposts (empty text) and copied texts
   * are common in a stream and get the same answer. Predictions are counted per post and decided label.
   */
  private async classify<Label extends string>(
    model: ScoringModel<Label>,
    texts: string[],
    target?: string,
  ): Promise<Classification[]> {
    const slotOf = new Map<string, number>();
    const slots = texts.map((text) => {
      let slot = slotOf.get(text);
      if (slot === undefined) slotOf.set(text, (slot = slotOf.size));
      return slot;
    });
    const stop = scorerMetrics.inference.startTimer({ model: model.modelId, task: model.classifier.task });
    const distinct = await model.classifier.classify(
      [...slotOf.keys()],
      target === undefined ? {} : { target },
    );
    stop();
    const classifications = slots.map((slot) => distinct[slot]);
    const counts = new Map<string, number>();
    for (const classification of classifications)
      counts.set(classification.label, (counts.get(classification.label) ?? 0) + 1);
    for (const [label, count] of counts)
      scorerMetrics.predictions.inc({ model: model.modelId, label }, count);
    return classifications;
  }

  private scoredPost(
    post: Post,
    author: AuthorProfile | null,
    sentiment: SentimentScore,
    stances: readonly { stance: TopicStance; modelId: string }[],
    sentimentModel: string,
    scoredAt: string,
  ): OutboundMessage {
    // ScoredPost names one stance model; with per-topic models each observation names its own.
    const models =
      stances.length > 0
        ? { sentiment: sentimentModel, stance: stances[0].modelId }
        : { sentiment: sentimentModel };
    return {
      topic: SCORED_TOPIC,
      key: post.author_id,
      value: scoredPostCodec.encode({
        schema: 'scored-post/v1',
        post,
        author,
        sentiment,
        stances: stances.map((entry) => entry.stance),
        models,
        scored_at: scoredAt,
      }),
    };
  }

  private observation(
    post: Post,
    stance: TopicStance,
    sentiment: SentimentScore,
    demographics: Record<string, string>,
    modelId: string,
    sentimentModelId: string,
  ): OutboundMessage {
    const { topic_id: topicId, label, probs } = stance;
    return {
      topic: OBSERVATIONS_TOPIC,
      key: topicId,
      value: stanceObservationCodec.encode({
        schema: 'stance-observation/v1',
        post_id: post.id,
        author_id: post.author_id,
        topic_id: topicId,
        created_at: post.created_at,
        stance: { label, probs },
        sentiment,
        demographics,
        model: modelId,
        sentiment_model: sentimentModelId,
      }),
    };
  }
}

/** The author's demographic cell: the joined profile's, else what the post itself carried, else none. */
function demographicsOf(author: AuthorProfile | null, post: Post): Record<string, string> {
  const source =
    author && Object.keys(author.demographics).length > 0 ? author.demographics : (post.author ?? {});
  const cell: Record<string, string> = {};
  for (const [dimension, value] of Object.entries(source))
    if (typeof value === 'string') cell[dimension] = value;
  return cell;
}
