/**
 * Negation scope marking (Das & Chen 2001; Pang et al. 2002): every word after a negator, up to the
 * next clause punctuation, is rewritten `not_<word>`, so that "not good" does not count as "good".
 */

const NEGATORS = new Set([
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'nowhere', 'neither', 'nor', 'cannot', 'without',
  'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'cant', 'couldnt', 'wont', 'wouldnt',
  'shouldnt', 'hasnt', 'havent', 'hadnt', 'aint', 'mustnt',
]);

// A scope runs over plain words only: punctuation, emoji, emoticons and hashtags close it.
const PLAIN_WORD = /^[\p{L}\p{N}]/u;

export const NEGATION_PREFIX = 'not_';

/** True for negators, including contractions written with or without the apostrophe. */
export function isNegator(token: string): boolean {
  return NEGATORS.has(token) || token.endsWith("n't");
}

/** Marks, in place, the words in the scope of each negator. Returns the same array. */
export function markNegationScope(tokens: string[]): string[] {
  let negated = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!PLAIN_WORD.test(token)) {
      negated = false;
    } else if (isNegator(token)) {
      negated = true;
    } else if (negated) {
      tokens[i] = NEGATION_PREFIX + token;
    }
  }
  return tokens;
}
