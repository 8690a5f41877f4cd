import { join } from 'node:path';
import { STANCE_LABELS } from '@riptide/contracts';
import { type Topic, type TopicMatcher } from '@riptide/nlp';
import { readLabelledTexts } from '@riptide/nlp-training';
import type { TextDraw } from '@riptide/opinion';

/**
 * The texts simulated posts on one topic carry, which the evaluated models never trained on: the
 * validation split of the topic's stance target (read in place from the data folder), or a held-out
 * fold of its training split (held-out-pool.ts).
 */
export interface StanceTextPool {
  readonly topic: Topic;
  readonly target: string;
  /** The texts as they are: what the models score. */
  readonly texts: readonly string[];
  /**
   * Per text, the hashtags its post carries: those in the text, plus the topic's first hashtag when the
   * matcher would not route the text alone to the topic.
   */
  readonly hashtags: readonly (readonly string[])[];
  /** Gold stance label index per text (STANCE_LABELS order: the split's own 0 none, 1 against, 2 favor). */
  readonly labels: Int32Array;
  /** Text indices per gold label. */
  readonly byLabel: readonly (readonly number[])[];
  /**
   * The label shares of the target's training split, as the simulated population's base stance shares:
   * climate has 4% `against` there, and a population a third `against` would draw most of its posts
   * from the 2 `against` validation texts of climate.
   */
  readonly baseShares: readonly number[];
}

export function readStanceTextPool(dataDir: string, topic: Topic, matchTopics: TopicMatcher): StanceTextPool {
  const target = topic.stance?.target;
  if (!target) throw new Error(`topic ${topic.id}: has no stance target to draw texts for`);
  const { texts, labels } = readLabelledTexts(join(dataDir, 'stance', target), 'val', STANCE_LABELS.length);
  return stanceTextPool({ dataDir, topic, target, texts, labels, matchTopics });
}

/** A pool of the given labelled texts of the topic's stance target (each label needs at least one). */
export function stanceTextPool(options: {
  readonly dataDir: string;
  readonly topic: Topic;
  readonly target: string;
  readonly texts: readonly string[];
  readonly labels: Int32Array;
  readonly matchTopics: TopicMatcher;
}): StanceTextPool {
  const { dataDir, topic, target, texts, labels, matchTopics } = options;
  const byLabel = STANCE_LABELS.map((_, label) =>
    [...labels.keys()].filter((index) => labels[index] === label),
  );
  byLabel.forEach((indices, label) => {
    if (indices.length === 0)
      throw new Error(`stance/${target}: no text labelled ${STANCE_LABELS[label]} to draw from`);
  });
  const hashtags = texts.map((text) => routingHashtags(text, topic, matchTopics));
  const train = readLabelledTexts(join(dataDir, 'stance', target), 'train', STANCE_LABELS.length).labels;
  const baseShares = STANCE_LABELS.map(
    (_, label) => train.filter((gold) => gold === label).length / train.length,
  );
  return { topic, target, texts, hashtags, labels, byLabel, baseShares };
}

/** Draws uniformly among the pool's texts of the true label. */
export function drawFromPool(pool: StanceTextPool): TextDraw {
  return (label, random) => {
    const indices = pool.byLabel[label];
    return indices[Math.floor(random() * indices.length)];
  };
}

/**
 * Many validation tweets no longer name their topic (SemEval removed the query hashtags), so the topic's
 * first hashtag is added to the post's hashtags, never to its text: appending it to the text changes the
 * model's answer (on the small tier, "none" texts with a topic hashtag appended were called "none" 7
 * times in 78 instead of 44), while the matcher reads `Post.hashtags` as well as the text.
 */
function routingHashtags(text: string, topic: Topic, matchTopics: TopicMatcher): string[] {
  const inText = [
    ...new Set([...text.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((match) => match[1].toLowerCase())),
  ];
  if (matchTopics({ text }).includes(topic.id)) return inText;
  if (topic.hashtags.length === 0)
    throw new Error(`topic ${topic.id}: has no hashtag to route its simulated posts by`);
  return [...inText, topic.hashtags[0]];
}
