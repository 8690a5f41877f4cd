import { EMOTICON_PATTERN, emojiPolarity, emoticonPolarity } from './emoji';
import { markNegationScope } from './negation-scope';
import { segmentHashtag } from './segment-hashtag';

/** A tweet reduced to what the models read. */
export interface NormalisedTweet {
  /** Lower-cased text with mentions as `@user`, links as `http` and elongations shortened; char n-grams read it. */
  readonly text: string;
  /** Word tokens: negation scope marked, hashtags kept whole and segmented, emoji polarity added. */
  readonly tokens: string[];
  /** Words written in capitals (at least two letters), a cue of shouting. */
  readonly shoutedWords: number;
  /** Words with a letter repeated three times or more ("sooo"), a cue of emphasis. */
  readonly elongatedWords: number;
}

const MENTION = /@\w+/g;
const LINK = /\b(?:https?:\/\/|www\.)\S+/gi;
const ELONGATION = /(\p{L})\1{2,}/gu;
const SHOUTED = /\b[A-Z]{2,}\b/g;
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
const HTML_ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

// One alternation, tried left to right: placeholders, hashtags, words (with inner apostrophes),
// runs of clause punctuation, then any single pictographic symbol.
const TOKEN = /@user|#[\p{L}\p{N}_]+|[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[.,:;!?]+|\p{Extended_Pictographic}/gu;

/**
 * Normalises one tweet. Pure and deterministic; never throws on odd input. The featuriser's hot path
 * does the same for ASCII text without building strings (text/tweet-byte-scanner.ts, held to give
 * exactly this result by its spec); this is the definition, and the path for all other text.
 */
export function normaliseTweet(raw: string): NormalisedTweet {
  const decoded = raw.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => HTML_ENTITIES[entity]);
  const withPlaceholders = decoded.replace(LINK, ' http ').replace(MENTION, '@user');
  const shoutedWords = (withPlaceholders.match(SHOUTED) ?? []).length;
  let elongatedWords = 0;
  const shortened = withPlaceholders.replace(ELONGATION, (_run, letter: string) => {
    elongatedWords++;
    return letter + letter;
  });

  const tokens: string[] = [];
  const emoticonTokens: string[] = [];
  // Emoticons are cut out first, since the word tokeniser would drop their punctuation.
  const withoutEmoticons = replaceEmoticons(shortened, emoticonTokens);
  const lower = withoutEmoticons.toLowerCase().replace(/’/g, "'");
  for (const match of lower.matchAll(TOKEN)) {
    const token = match[0];
    if (token.startsWith('#')) {
      tokens.push(token);
      const original = withoutEmoticons.slice(match.index + 1, match.index + token.length);
      const words = segmentHashtag(original);
      if (words.length > 1) tokens.push(...words);
      continue;
    }
    tokens.push(token);
    const polarity = PICTOGRAPH.test(token) ? emojiPolarity(token) : undefined;
    if (polarity) tokens.push(polarity);
  }
  for (const emoticon of emoticonTokens) {
    tokens.push(emoticon, emoticonPolarity(emoticon));
  }
  markNegationScope(tokens);
  const text = lower.replace(/\s+/g, ' ').trim();
  return { text, tokens, shoutedWords, elongatedWords };
}

function replaceEmoticons(text: string, found: string[]): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    // An emoticon must not be glued to a word on its left ("http://", "a:b" are not faces).
    const prev = i === 0 ? ' ' : text[i - 1];
    if (/\s/.test(prev)) {
      EMOTICON_PATTERN.lastIndex = i;
      const match = EMOTICON_PATTERN.exec(text);
      const next = match ? text[i + match[0].length] : undefined;
      if (match && (next === undefined || /[\s.,!?]/.test(next))) {
        found.push(match[0].toLowerCase());
        out += ' ';
        i += match[0].length;
        continue;
      }
    }
    out += text[i];
    i++;
  }
  return out;
}
