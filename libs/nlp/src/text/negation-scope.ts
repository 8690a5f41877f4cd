/**
 * Negation scope marking (Das & Chen 2001; Pang et al. 2002): every word after a negator, up to the
 * next clause punctuation, is rewritten `not_<word>`, so that "not good" does not count as "good".
 */

export const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'nowhere',
  'neither',
  'nor',
  'cannot',
  'without',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'cant',
  'couldnt',
  'wont',
  'wouldnt',
  'shouldnt',
  'hasnt',
  'havent',
  'hadnt',
  'aint',
  'mustnt',
]);

// A scope runs over plain words only: punctuation, emoji, emoticons and hashtags close it.
const PLAIN_WORD = /^[\p{L}\p{N}]/u;

function startsPlainWord(token: string): boolean {
  const code = token.charCodeAt(0);
  // ASCII letters and digits answered without the Unicode regex (the common case).
  if (code < 128)
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  return PLAIN_WORD.test(token);
}

export const NEGATION_PREFIX = 'not_';

/** True for negators, including contractions written with or without the apostrophe. */
export function isNegator(token: string): boolean {
  const length = token.length;
  // The apostrophe test first: most tokens are not contractions.
  return (length >= 3 && token.charCodeAt(length - 2) === 39 && token.endsWith("n't")) || NEGATORS.has(token);
}

/** Marks, in place, the words in the scope of each negator. Returns the same array. */
export function markNegationScope(tokens: string[]): string[] {
  let negated = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!startsPlainWord(token)) {
      negated = false;
    } else if (isNegator(token)) {
      negated = true;
    } else if (negated) {
      tokens[i] = NEGATION_PREFIX + token;
    }
  }
  return tokens;
}
