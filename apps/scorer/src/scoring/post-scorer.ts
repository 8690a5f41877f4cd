import type { AuthorProfile, Post, StanceLabel } from '@riptide/contracts';
import { extractSharedObjects, type ShareExtractionOptions } from '@riptide/coordination';
import type { TopicMatcher } from '@riptide/nlp';
import type { OutboundMessage } from '@riptide/stream';
import type { ScoringModels } from '../models/scoring-models';
import { contractScore, type ContractScore, type ScoringModel } from '../models/scoring-model';
import { scorerMetrics } from '../scorer-metrics';
import {
  jsonString,
  postFields,
  scoredPostJson,
  scoreJson,
  shareEventJson,
  stanceObservationJson,
  topicStanceJson,
} from './output-json';

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

/** One batched inference call's answers: a contract score per distinct text, and which one each input got. */
interface BatchScores<Label extends string> {
  readonly distinct: ContractScore<Label>[];
  readonly slotOf: number[];
}

/** A post's stance toward one matched topic, and the model that scored it. */
interface ScoredStance {
  readonly topicId: string;
  readonly score: ContractScore<StanceLabel>;
  readonly model: ScoringModel<StanceLabel>;
}

/** What the outputs repeat of an author profile, serialised once per profile object. */
interface AuthorJson {
  readonly profile: string;
  /** The demographic cell's JSON when the profile has one; otherwise the post's own is used. */
  readonly demographics: string | undefined;
}

const NO_STANCES: readonly ScoredStance[] = [];

/**
 * Scores a batch of posts into the scorer's three outputs. Inference is batched: one sentiment call for
 * the whole batch, one stance call per (model, target) among the topics the posts matched. Per post, in
 * input order: its ScoredPost (key = author id), one StanceObservation per matched topic with a stance
 * model (key = topic id), and one ShareEvent per shared object (key = object id). The messages are JSON
 * text assembled from pieces serialised once each (output-json.ts).
 */
export class PostScorer {
  private readonly now: () => Date;
  // Profiles are replaced, never changed, when the authors table applies a record: keyed by object.
  private readonly authorJson = new WeakMap<AuthorProfile, AuthorJson>();
  private readonly modelsJson = new Map<string, string>();

  constructor(private readonly options: PostScorerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async score(posts: readonly Post[]): Promise<OutboundMessage[]> {
    if (posts.length === 0) return [];
    scorerMetrics.batchSize.observe(posts.length);
    const { models, matchTopics, authors } = this.options;

    const sentiment = await this.classify(
      models.sentiment,
      posts.map((post) => post.text),
    );
    const sentimentJson = sentiment.distinct.map(scoreJson);
    const topicsOf = posts.map((post) =>
      matchTopics({ text: post.text, hashtags: post.hashtags, lang: post.lang ?? undefined }),
    );
    const stancesOf = await this.scoreStances(posts, topicsOf);

    const scoredAt = jsonString(this.now().toISOString());
    const sentimentModel = jsonString(models.sentiment.modelId);
    const outputs: OutboundMessage[] = [];
    let withoutProfile = 0;
    let observations = 0;
    let shares = 0;
    for (let index = 0; index < posts.length; index++) {
      const post = posts[index];
      const profile = authors.get(post.author_id);
      if (!profile) withoutProfile++;
      const author = profile ? this.authorJsonOf(profile) : undefined;
      const postSentiment = sentimentJson[sentiment.slotOf[index]];
      const stances = stancesOf[index];
      outputs.push({
        topic: SCORED_TOPIC,
        key: post.author_id,
        value: scoredPostJson({
          post: JSON.stringify(post),
          author: author?.profile ?? 'null',
          sentiment: postSentiment,
          stances: stances.map((stance) => topicStanceJson(stance.topicId, stance.score)),
          // ScoredPost names one stance model; with per-topic models each observation names its own.
          models: this.modelsJsonOf(stances.length > 0 ? stances[0].model.modelId : undefined),
          scoredAt,
        }),
      });
      const topicIds = topicsOf[index];
      const sharedObjects = extractSharedObjects(post, this.options.shares);
      if (stances.length === 0 && sharedObjects.length === 0) continue;
      const fields = postFields(post, topicIds);
      if (stances.length > 0) {
        const demographics = author?.demographics ?? demographicsJson(post.author ?? {});
        for (const { topicId, score, model } of stances) {
          outputs.push({
            topic: OBSERVATIONS_TOPIC,
            key: topicId,
            value: stanceObservationJson(
              fields,
              topicId,
              scoreJson(score),
              postSentiment,
              demographics,
              jsonString(model.modelId),
              sentimentModel,
            ),
          });
        }
        observations += stances.length;
      }
      for (const object of sharedObjects) {
        outputs.push({
          topic: SHARES_TOPIC,
          key: object.id,
          value: shareEventJson(object.id, object.kind, fields.shareTail),
        });
      }
      shares += sharedObjects.length;
    }
    if (withoutProfile > 0) scorerMetrics.withoutProfile.inc(withoutProfile);
    scorerMetrics.outputs.inc({ topic: SCORED_TOPIC }, posts.length);
    if (observations > 0) scorerMetrics.outputs.inc({ topic: OBSERVATIONS_TOPIC }, observations);
    if (shares > 0) scorerMetrics.outputs.inc({ topic: SHARES_TOPIC }, shares);
    return outputs;
  }

  /**
   * The stances of each post, in the order of its matched topics (the registry's). (Post, topic) pairs
   * are grouped by model and stance target so that each group is one inference call.
   */
  private async scoreStances(
    posts: readonly Post[],
    topicsOf: readonly string[][],
  ): Promise<(readonly ScoredStance[])[]> {
    const { models } = this.options;
    const jobs = new Map<ScoringModel<StanceLabel>, Map<string, { post: number; at: number }[]>>();
    topicsOf.forEach((topicIds, post) => {
      topicIds.forEach((topicId, at) => {
        const resolved = models.stanceFor(topicId);
        if (!resolved) return;
        let byTarget = jobs.get(resolved.model);
        if (!byTarget) jobs.set(resolved.model, (byTarget = new Map()));
        let list = byTarget.get(resolved.target);
        if (!list) byTarget.set(resolved.target, (list = []));
        list.push({ post, at });
      });
    });
    const stancesOf: (readonly ScoredStance[])[] = new Array(posts.length).fill(NO_STANCES);
    if (jobs.size === 0) return stancesOf;
    // Each stance goes to its topic's position among the post's matched topics; topics without a
    // stance model leave holes, dropped at the end.
    const placed = new Map<number, ScoredStance[]>();
    for (const [model, byTarget] of jobs) {
      for (const [target, list] of byTarget) {
        const { distinct, slotOf } = await this.classify(
          model,
          list.map((job) => posts[job.post].text),
          target,
        );
        list.forEach((job, index) => {
          let slots = placed.get(job.post);
          if (!slots) placed.set(job.post, (slots = new Array(topicsOf[job.post].length)));
          slots[job.at] = { topicId: topicsOf[job.post][job.at], score: distinct[slotOf[index]], model };
        });
      }
    }
    for (const [post, slots] of placed) stancesOf[post] = slots.filter((stance) => stance !== undefined);
    return stancesOf;
  }

  /**
   * One timed inference call over the distinct texts only: pure reposts (empty text) and copied texts
   * are common in a stream and get the same answer. Predictions are counted per post and decided label.
   */
  private async classify<Label extends string>(
    model: ScoringModel<Label>,
    texts: readonly string[],
    target?: string,
  ): Promise<BatchScores<Label>> {
    const slotByText = new Map<string, number>();
    const slotOf = texts.map((text) => {
      let slot = slotByText.get(text);
      if (slot === undefined) slotByText.set(text, (slot = slotByText.size));
      return slot;
    });
    const stop = scorerMetrics.inference.startTimer({ model: model.modelId, task: model.classifier.task });
    const classifications = await model.classifier.classify(
      [...slotByText.keys()],
      target === undefined ? {} : { target },
    );
    stop();
    const distinct = classifications.map((classification) => contractScore(model, classification));
    const counts = new Map<string, number>();
    for (const slot of slotOf) {
      const { label } = classifications[slot];
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    for (const [label, count] of counts)
      scorerMetrics.predictions.inc({ model: model.modelId, label }, count);
    return { distinct, slotOf };
  }

  private authorJsonOf(profile: AuthorProfile): AuthorJson {
    let json = this.authorJson.get(profile);
    if (!json) {
      const demographics =
        Object.keys(profile.demographics).length > 0 ? demographicsJson(profile.demographics) : undefined;
      this.authorJson.set(profile, (json = { profile: JSON.stringify(profile), demographics }));
    }
    return json;
  }

  /** JSON of ScoredPost's `models`: the sentiment model, and the first stance's model when there is one. */
  private modelsJsonOf(stanceModelId: string | undefined): string {
    const key = stanceModelId ?? '';
    let json = this.modelsJson.get(key);
    if (json === undefined) {
      const sentiment = this.options.models.sentiment.modelId;
      json = JSON.stringify(
        stanceModelId === undefined ? { sentiment } : { sentiment, stance: stanceModelId },
      );
      this.modelsJson.set(key, json);
    }
    return json;
  }
}

/**
 * JSON of an author's demographic cell: the string-valued dimensions of the joined profile's
 * demographics when it has any, else of what the post itself carried, else `{}`.
 */
function demographicsJson(source: Record<string, unknown>): string {
  const cell: Record<string, string> = {};
  for (const [dimension, value] of Object.entries(source))
    if (typeof value === 'string') cell[dimension] = value;
  return JSON.stringify(cell);
}
