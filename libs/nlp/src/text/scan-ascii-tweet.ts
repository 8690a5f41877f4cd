import { EMOTICON_PATTERN, emoticonPolarity } from './emoji';
import { markNegationScope } from './negation-scope';
import type { NormalisedTweet } from './normalise-tweet';
import { segmentHashtag } from './segment-hashtag';

/**
 * The fast path of normaliseTweet for tweets that are pure ASCII (most of them): hand-written
 * scanning loops over char codes instead of Unicode-aware regular expressions. It must give exactly
 * what the regex path (normaliseTweetWithRegexes) gives, because the committed models were trained
 * on that output; normalise-tweet.spec.ts checks both paths against each other.
 */

const MENTION = /@\w+/g;
const LINK = /\b(?:https?:\/\/|www\.)\S+/gi;
const HTML_ENTITY = /&(?:amp|lt|gt|quot|#39);/g;
const HTML_ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

// Character classes of the 128 ASCII codes, as bit flags.
const LETTER = 1;
const DIGIT = 2;
const UNDERSCORE = 4;
const UPPER = 8;
const SPACE = 16;
const CLAUSE_PUNCTUATION = 32;
const EMOTICON_START = 64;
const EMOTICON_FOLLOWER = 128;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[a-z]/i.test(ch)) CLASS[c] |= LETTER;
  if (/[A-Z]/.test(ch)) CLASS[c] |= UPPER;
  if (/[0-9]/.test(ch)) CLASS[c] |= DIGIT;
  if (ch === '_') CLASS[c] |= UNDERSCORE;
  if (/\s/.test(ch)) CLASS[c] |= SPACE | EMOTICON_FOLLOWER;
  if ('.,:;!?'.includes(ch)) CLASS[c] |= CLAUSE_PUNCTUATION;
  if ('.,!?'.includes(ch)) CLASS[c] |= EMOTICON_FOLLOWER;
  // Every first character EMOTICON_PATTERN can start with.
  if ('<>:;=8([{)]^-x'.includes(ch)) CLASS[c] |= EMOTICON_START;
}
const WORD = LETTER | DIGIT | UNDERSCORE;
const ALNUM = LETTER | DIGIT;
const CHAR_APOSTROPHE = 39;
const CHAR_AT = 64;
const CHAR_HASH = 35;
const CHAR_AMPERSAND = 38;

/** True when every UTF-16 code unit is below 128. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 128) return false;
  return true;
}

/** normaliseTweet for an ASCII tweet; the caller checks isAscii first. */
export function scanAsciiTweet(raw: string): NormalisedTweet {
  const decoded =
    raw.indexOf(String.fromCharCode(CHAR_AMPERSAND)) >= 0
      ? raw.replace(HTML_ENTITY, (entity) => HTML_ENTITIES[entity])
      : raw;
  let withPlaceholders = decoded.replace(LINK, ' http ');
  if (withPlaceholders.indexOf('@') >= 0) withPlaceholders = withPlaceholders.replace(MENTION, '@user');
  const shoutedWords = countShoutedWords(withPlaceholders);
  const { text: shortened, elongatedWords } = shortenElongations(withPlaceholders);
  const emoticons: string[] = [];
  const withoutEmoticons = cutEmoticons(shortened, emoticons);
  const lower = withoutEmoticons.toLowerCase();
  const tokens = tokenise(lower, withoutEmoticons);
  for (const emoticon of emoticons) tokens.push(emoticon, emoticonPolarity(emoticon));
  markNegationScope(tokens);
  return { text: collapseWhitespace(lower), tokens, shoutedWords, elongatedWords };
}

/** `text.replace(/\s+/g, ' ').trim()`, copying only when something changes. */
function collapseWhitespace(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let changed = false;
  let i = 0;
  while (i < text.length) {
    if (!(CLASS[text.charCodeAt(i)] & SPACE)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && CLASS[text.charCodeAt(end)] & SPACE) end++;
    const atEdge = i === 0 || end === text.length;
    if (atEdge || end - i > 1 || text.charCodeAt(i) !== 32) {
      out += text.slice(copiedUpTo, i) + (atEdge ? '' : ' ');
      copiedUpTo = end;
      changed = true;
    }
    i = end;
  }
  return changed ? out + text.slice(copiedUpTo) : text;
}

/** Runs of word characters (\w) that are all capital letters, at least two: /\b[A-Z]{2,}\b/. */
function countShoutedWords(text: string): number {
  let count = 0;
  let runLength = 0;
  let allUpper = true;
  for (let i = 0; i <= text.length; i++) {
    const flags = i < text.length ? CLASS[text.charCodeAt(i)] : 0;
    if (flags & WORD) {
      runLength++;
      if (!(flags & UPPER)) allUpper = false;
    } else {
      if (runLength >= 2 && allUpper) count++;
      runLength = 0;
      allUpper = true;
    }
  }
  return count;
}

/** A letter repeated three times or more becomes two: /(\p{L})\1{2,}/ on ASCII. */
function shortenElongations(text: string): { text: string; elongatedWords: number } {
  let elongatedWords = 0;
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    let end = i + 1;
    while (end < text.length && text.charCodeAt(end) === code) end++;
    if (end - i >= 3 && CLASS[code] & LETTER) {
      out += text.slice(copiedUpTo, i + 2);
      copiedUpTo = end;
      elongatedWords++;
    }
    i = end;
  }
  return { text: elongatedWords === 0 ? text : out + text.slice(copiedUpTo), elongatedWords };
}

/** Cuts out emoticons standing after whitespace (as the regex path's replaceEmoticons does). */
function cutEmoticons(text: string, found: string[]): string {
  let out = '';
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    if (!(CLASS[text.charCodeAt(i)] & EMOTICON_START)) continue;
    // The previous character of the text as it was, not as already cut, decides.
    if (i > 0 && !(CLASS[text.charCodeAt(i - 1)] & SPACE)) continue;
    EMOTICON_PATTERN.lastIndex = i;
    const match = EMOTICON_PATTERN.exec(text);
    if (!match) continue;
    const end = i + match[0].length;
    if (end < text.length && !(CLASS[text.charCodeAt(end)] & EMOTICON_FOLLOWER)) continue;
    found.push(match[0].toLowerCase());
    out += `${text.slice(copiedUpTo, i)} `;
    copiedUpTo = end;
    i = end - 1;
  }
  return found.length === 0 ? text : out + text.slice(copiedUpTo);
}

/**
 * The TOKEN alternation of the regex path in one pass: `@user`, hashtags (kept whole, then their
 * words from the original-case text), words with inner apostrophes, runs of clause punctuation.
 */
function tokenise(lower: string, originalCase: string): string[] {
  const tokens: string[] = [];
  const length = lower.length;
  let i = 0;
  while (i < length) {
    const code = lower.charCodeAt(i);
    const flags = CLASS[code];
    if (flags & ALNUM) {
      let end = i + 1;
      while (end < length && CLASS[lower.charCodeAt(end)] & ALNUM) end++;
      while (
        end + 1 < length &&
        lower.charCodeAt(end) === CHAR_APOSTROPHE &&
        CLASS[lower.charCodeAt(end + 1)] & LETTER
      ) {
        end += 2;
        while (end < length && CLASS[lower.charCodeAt(end)] & LETTER) end++;
      }
      tokens.push(lower.slice(i, end));
      i = end;
    } else if (flags & CLAUSE_PUNCTUATION) {
      let end = i + 1;
      while (end < length && CLASS[lower.charCodeAt(end)] & CLAUSE_PUNCTUATION) end++;
      tokens.push(lower.slice(i, end));
      i = end;
    } else if (code === CHAR_AT && lower.startsWith('@user', i)) {
      tokens.push('@user');
      i += 5;
    } else if (code === CHAR_HASH && i + 1 < length && CLASS[lower.charCodeAt(i + 1)] & WORD) {
      let end = i + 2;
      while (end < length && CLASS[lower.charCodeAt(end)] & WORD) end++;
      tokens.push(lower.slice(i, end));
      const words = segmentHashtag(originalCase.slice(i + 1, end));
      if (words.length > 1) tokens.push(...words);
      i = end;
    } else {
      i++;
    }
  }
  return tokens;
}
