import {
  SENTIMENT_LABELS,
  STANCE_LABELS,
  STANCE_OBSERVATION_SCHEMA,
  type Probabilities,
  type StanceObservation,
} from '@riptide/contracts';
import type { PopulationDimension } from '@riptide/opinion';
import { readFileSync } from 'node:fs';

/** What observations are drawn from: the deployment's own topics, dimensions and model ids. */
export interface ObservationVocabulary {
  readonly topicIds: readonly string[];
  readonly dimensions: readonly PopulationDimension[];
  /** `id@version`, as the scorer names its models. */
  readonly stanceModel: string;
  readonly sentimentModel: string;
}

const AUTHORS = 20_000;
/** Authors without any profile (the scorer found none), and, of the others, values missing per dimension. */
const NO_PROFILE_SHARE = 0.1;
const MISSING_VALUE_SHARE = 0.05;
/** Share of posts the classifier puts most weight on another label than the author's: its errors. */
const MISCLASSIFIED_SHARE = 0.25;
/** An author's stance on a topic (none, against, favor), as SemEval-2016's targets lean. */
const STANCE_MIX: Probabilities = [0.25, 0.45, 0.3];
/** Sentiment (negative, neutral, positive) by stance: posts against a target are mostly negative. */
const SENTIMENT_MIX_BY_STANCE: readonly Probabilities[] = [
  [0.3, 0.5, 0.2],
  [0.6, 0.25, 0.15],
  [0.2, 0.3, 0.5],
];

/**
 * The topics of config/topics.json, the dimensions of config/population.json and the ids of the models
 * the topics name (the `accurate` tier), read from the working directory as the opinion service reads
 * them: observations then fall in the groups the service is configured for.
 */
export async function loadObservationVocabulary(): Promise<ObservationVocabulary> {
  const { loadTopicRegistry } = await import('@riptide/nlp');
  const { parsePopulationMargins } = await import('@riptide/opinion');
  const modelId = (manifest: string) => {
    const { id, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { id: string; version: string };
    return `${id}@${version}`;
  };
  return {
    topicIds: loadTopicRegistry('config/topics.json').topics.map((topic) => topic.id),
    dimensions: parsePopulationMargins(JSON.parse(readFileSync('config/population.json', 'utf8'))).dimensions,
    stanceModel: modelId('models/accurate/stance-accurate.json'),
    sentimentModel: modelId('models/accurate/sentiment-accurate.json'),
  };
}

/**
 * A stance observation as the scorer writes it, deterministic in `index`: a topic, an author of a fixed
 * pool whose demographics (drawn from the margins, some unknown) and stance per topic stay the same from
 * post to post, and softmax-like probability vectors in which the classifier is sometimes wrong.
 */
export function syntheticStanceObservation(
  index: number,
  createdAtMs: number,
  vocabulary: ObservationVocabulary,
): StanceObservation {
  const topic = Math.floor(unitHash(index, 1) * vocabulary.topicIds.length);
  const author = Math.floor(unitHash(index, 2) * AUTHORS);
  const stance = drawLabel(unitHash(author, 100 + topic), STANCE_MIX);
  const sentiment = drawLabel(unitHash(index, 3), SENTIMENT_MIX_BY_STANCE[stance]);
  const stanceProbs = classifierOutput(stance, index, 10);
  const sentimentProbs = classifierOutput(sentiment, index, 20);
  return {
    schema: STANCE_OBSERVATION_SCHEMA,
    post_id: `bench-post-${index}`,
    author_id: `bench-author-${author}`,
    topic_id: vocabulary.topicIds[topic],
    created_at: new Date(createdAtMs).toISOString(),
    stance: { label: STANCE_LABELS[argMax(stanceProbs)], probs: stanceProbs },
    sentiment: { label: SENTIMENT_LABELS[argMax(sentimentProbs)], probs: sentimentProbs },
    demographics: demographicsOf(author, vocabulary.dimensions),
    model: vocabulary.stanceModel,
    sentiment_model: vocabulary.sentimentModel,
  };
}

function demographicsOf(author: number, dimensions: readonly PopulationDimension[]): Record<string, string> {
  if (unitHash(author, 4) < NO_PROFILE_SHARE) return {};
  const demographics: Record<string, string> = {};
  dimensions.forEach((dimension, d) => {
    if (unitHash(author, 200 + d) < MISSING_VALUE_SHARE) return;
    const values = Object.keys(dimension.shares);
    const shares = values.map((value) => dimension.shares[value]);
    demographics[dimension.name] = values[drawLabel(unitHash(author, 300 + d), shares)];
  });
  return demographics;
}

/**
 * Three probabilities summing to one (to 4 decimals, as a model's output is usually rounded): most weight
 * on the true label, or on another one for the misclassified share; the rest split at random.
 */
function classifierOutput(trueLabel: number, index: number, salt: number): Probabilities {
  const misclassified = unitHash(index, salt) < MISCLASSIFIED_SHARE;
  const top = misclassified ? (trueLabel + 1 + Math.floor(unitHash(index, salt + 1) * 2)) % 3 : trueLabel;
  const [second, third] = [0, 1, 2].filter((label) => label !== top);
  const confidence = 0.4 + 0.57 * unitHash(index, salt + 2);
  const probs: Probabilities = [0, 0, 0];
  probs[top] = round4(confidence);
  probs[second] = round4((1 - confidence) * unitHash(index, salt + 3));
  probs[third] = Math.max(0, round4(1 - probs[top] - probs[second]));
  return probs;
}

/** The label whose cumulative share first exceeds `unit` (a number in [0, 1)). */
function drawLabel(unit: number, shares: readonly number[]): number {
  let cumulative = 0;
  for (let label = 0; label < shares.length; label++) {
    cumulative += shares[label];
    if (unit < cumulative) return label;
  }
  return shares.length - 1;
}

function argMax(probs: Probabilities): number {
  return probs.indexOf(Math.max(...probs));
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** A uniform number in [0, 1) from two integers (murmur3's finaliser): the same inputs, the same draw. */
function unitHash(value: number, salt: number): number {
  let hash = Math.imul(value ^ Math.imul(salt, 0x9e3779b9), 0x85ebca6b);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x7feb352d);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x846ca68b);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}
