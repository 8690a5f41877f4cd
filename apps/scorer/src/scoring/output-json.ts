import type { ShareObjectKind } from '@riptide/contracts';
import type { ContractScore } from '../models/scoring-model';

/**
 * The JSON text of the scorer's fixed-shape outputs, assembled from pieces instead of built as objects
 * and serialised whole. A post yields about five messages that repeat its ids, its scores and its
 * topics; each piece is serialised once per post (or once per author, model or distinct text) and
 * joined. The text is the one `JSON.stringify` gives for the objects the contracts describe, with the
 * same field order, byte for byte (test/scorer-output-identity.test.ts), and it is produced as a
 * string: libs/stream writes strings straight into its record batches, so no Buffer is made per message.
 */

/** A string as JSON: quotes and escapes exactly as JSON.stringify writes them. */
export const jsonString: (value: string) => string = JSON.stringify;

/** A number as JSON.stringify writes it: the shortest round-trip form, `null` when not finite. */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/** `{"label":…,"probs":[…]}`: a sentiment score, or a stance as an observation carries it. */
export function scoreJson(score: ContractScore<string>): string {
  const [a, b, c] = score.probs;
  return `{"label":${jsonString(score.label)},"probs":[${jsonNumber(a)},${jsonNumber(b)},${jsonNumber(c)}]}`;
}

/** One entry of a ScoredPost's `stances`: `{"topic_id":…,"label":…,"probs":[…]}`. */
export function topicStanceJson(topicId: string, score: ContractScore<string>): string {
  return `{"topic_id":${jsonString(topicId)},${scoreJson(score).slice(1)}`;
}

export interface ScoredPostParts {
  /** JSON of the post as decoded. */
  readonly post: string;
  /** JSON of the joined profile, or `null`. */
  readonly author: string;
  readonly sentiment: string;
  /** topicStanceJson of each stance, in the post's topic order. */
  readonly stances: readonly string[];
  /** JSON of the `models` object. */
  readonly models: string;
  /** JSON of the `scored_at` string. */
  readonly scoredAt: string;
}

/** A `scored-post/v1` message. */
export function scoredPostJson(parts: ScoredPostParts): string {
  return `{"schema":"scored-post/v1","post":${parts.post},"author":${parts.author},"sentiment":${parts.sentiment},"stances":[${parts.stances.join(',')}],"models":${parts.models},"scored_at":${parts.scoredAt}}`;
}

/** What a post's observations and shares repeat: its ids and time, serialised once per post. */
export interface PostFields {
  /** `"post_id":…,"author_id":…` (the observation's order). */
  readonly postAndAuthor: string;
  /** `"created_at":…`'s value. */
  readonly createdAt: string;
  /** The tail of each of its share events: account, post, time and topics, with the closing brace. */
  readonly shareTail: string;
}

export function postFields(
  post: { readonly id: string; readonly author_id: string; readonly created_at: string },
  topicIds: readonly string[],
): PostFields {
  const id = jsonString(post.id);
  const authorId = jsonString(post.author_id);
  const createdAt = jsonString(post.created_at);
  const topics = topicIds.length > 0 ? `,"topic_ids":${JSON.stringify(topicIds)}` : '';
  return {
    postAndAuthor: `"post_id":${id},"author_id":${authorId}`,
    createdAt,
    shareTail: `,"account_id":${authorId},"post_id":${id},"shared_at":${createdAt}${topics}}`,
  };
}

/** A `stance-observation/v1` message; `stance` is scoreJson of the stance, the models are JSON strings. */
export function stanceObservationJson(
  post: PostFields,
  topicId: string,
  stance: string,
  sentiment: string,
  demographics: string,
  model: string,
  sentimentModel: string,
): string {
  return `{"schema":"stance-observation/v1",${post.postAndAuthor},"topic_id":${jsonString(topicId)},"created_at":${post.createdAt},"stance":${stance},"sentiment":${sentiment},"demographics":${demographics},"model":${model},"sentiment_model":${sentimentModel}}`;
}

/** A `share/v1` message for one shared object of the post whose shareTail is given. */
export function shareEventJson(objectId: string, kind: ShareObjectKind, shareTail: string): string {
  return `{"schema":"share/v1","object_id":${jsonString(objectId)},"object_kind":"${kind}"${shareTail}`;
}
