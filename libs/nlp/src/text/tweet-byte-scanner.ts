import { ByteStringTable, fnv1a } from './byte-string-table';
import { EMOTICON_PATTERN, emoticonPolarity } from './emoji';
import { NEGATORS } from './negation-scope';
import type { NormalisedTweet } from './normalise-tweet';

/**
 * normaliseTweet without strings: a few passes over char codes in reusable byte buffers, giving the
 * normalised text and the token list as bytes (plus each token's negation mark and cue flags), so
 * the featuriser can hash them straight away. It must give exactly what normaliseTweet
 * gives, because the committed models were trained on that output; tweet-byte-scanner.spec.ts checks
 * it against the regex path, and the featuriser spec checks the features end to end.
 *
 * It takes text that is ASCII apart from the right single quote U+2019 (the only non-ASCII character
 * in the TweetEval data, and the most common in English tweets). Other text (emoji, accents) is
 * declined, and the caller takes the Unicode-aware regex path.
 */

// Character classes, as bit flags, indexed by byte. Byte 128 stands for U+2019 (RIGHT_QUOTE_BYTE):
// it has no class until the tokeniser, which reads it as the ASCII apostrophe (the regex path
// replaces ’ with ' only after cutting emoticons).
const LETTER = 1;
const DIGIT = 2;
const UNDERSCORE = 4;
const UPPER = 8;
const SPACE = 16;
const CLAUSE_PUNCTUATION = 32;
const EMOTICON_START = 64;
const EMOTICON_SECOND = 128;
const EMOTICON_FOLLOWER = 256;
const LINK_START = 512;
const WORD = LETTER | DIGIT | UNDERSCORE;
const ALNUM = LETTER | DIGIT;

const RIGHT_QUOTE = 0x2019;
const RIGHT_QUOTE_BYTE = 128;
const CHAR_SPACE = 32;
const CHAR_APOSTROPHE = 39;
const CHAR_AMPERSAND = 38;
const CHAR_AT = 64;
const CHAR_HASH = 35;
const CHAR_EXCLAMATION = 33;
const CHAR_QUESTION = 63;

const CLASS = new Uint16Array(256);
/** ASCII lower case; the U+2019 stand-in becomes the apostrophe. */
const LOWER = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  LOWER[c] = ch.toLowerCase().charCodeAt(0);
  if (/[a-z]/i.test(ch)) CLASS[c] |= LETTER;
  if (/[A-Z]/.test(ch)) CLASS[c] |= UPPER;
  if (/[0-9]/.test(ch)) CLASS[c] |= DIGIT;
  if (ch === '_') CLASS[c] |= UNDERSCORE;
  if (/\s/.test(ch)) CLASS[c] |= SPACE | EMOTICON_FOLLOWER;
  if ('.,:;!?'.includes(ch)) CLASS[c] |= CLAUSE_PUNCTUATION;
  if ('.,!?'.includes(ch)) CLASS[c] |= EMOTICON_FOLLOWER;
  if ('hHwW'.includes(ch)) CLASS[c] |= LINK_START;
  // Every first character EMOTICON_PATTERN can start with, and every character that can follow it
  // (a cheap test that spares the regular expression on "xmas", "8pm", "(see").
  if ('<>:;=8([{)]^-x'.includes(ch)) CLASS[c] |= EMOTICON_START;
  if (":;=8-o*')]dDpP}3([/\\|{@_^".includes(ch)) CLASS[c] |= EMOTICON_SECOND;
}
LOWER[RIGHT_QUOTE_BYTE] = CHAR_APOSTROPHE;

const HTML_ENTITIES: readonly (readonly [string, number])[] = [
  ['&amp;', 38],
  ['&lt;', 60],
  ['&gt;', 62],
  ['&quot;', 34],
  ['&#39;', 39],
];
const EMO_POS = Uint8Array.from('emo_pos', (ch) => ch.charCodeAt(0));
const EMO_NEG = Uint8Array.from('emo_neg', (ch) => ch.charCodeAt(0));
const USER_PLACEHOLDER = Uint8Array.from('@user', (ch) => ch.charCodeAt(0));
const LINK_PLACEHOLDER = Uint8Array.from(' http ', (ch) => ch.charCodeAt(0));
const NEGATOR_TABLE = new ByteStringTable(Array.from(NEGATORS, (word) => [word, 1] as const));

/** Token flags: what the dense cues read from a token besides its bytes. */
export const TOKEN_EXCLAMATION = 1;
export const TOKEN_QUESTION = 2;
export const TOKEN_EMOJI_POSITIVE = 4;
export const TOKEN_EMOJI_NEGATIVE = 8;

const decoder = new TextDecoder('latin1');

export class TweetByteScanner {
  /** Normalised text, lower-cased, whitespace collapsed, with one space before and after (as char n-grams read it). */
  paddedText = new Uint8Array(256);
  paddedTextLength = 0;
  /** Token i is `tokenBytes[tokenStarts[i], tokenStarts[i + 1])`, lower-cased, without any `not_` prefix. */
  tokenBytes = new Uint8Array(1024);
  tokenStarts = new Int32Array(257);
  /** fnv1a of each token's bytes, for table look-ups. */
  tokenKeys = new Int32Array(256);
  /** 1 where the token is in a negation scope: it stands for `not_` + its bytes. */
  tokenNegated = new Uint8Array(256);
  tokenFlags = new Uint8Array(256);
  tokenCount = 0;
  shoutedWords = 0;
  elongatedWords = 0;

  private decoded = new Uint8Array(256);
  private placed = new Uint8Array(256);
  private shortened = new Uint8Array(256);
  private cut = new Uint8Array(256);
  private wordBreaks = new Uint8Array(256);
  private emoticonBounds: number[] = [];
  private emoticonNegative: boolean[] = [];
  private negated = false;

  /** Scans one tweet; false (and nothing usable) when the text has a character this path does not take. */
  scan(raw: string): boolean {
    this.reserve(raw.length);
    const decodedLength = this.decode(raw);
    if (decodedLength < 0) return false;
    const placedLength = this.replaceLinksAndMentions(decodedLength);
    const shortenedLength = this.countCuesAndShorten(placedLength);
    const cutLength = this.cutEmoticonsAndCollapse(shortenedLength);
    this.tokenise(cutLength);
    return true;
  }

  /** The last scan as the regex path's value (builds strings: for tests and string-based callers). */
  toNormalisedTweet(): NormalisedTweet {
    const tokens: string[] = [];
    for (let t = 0; t < this.tokenCount; t++) {
      const bytes = this.tokenBytes.subarray(this.tokenStarts[t], this.tokenStarts[t + 1]);
      tokens.push((this.tokenNegated[t] ? 'not_' : '') + decoder.decode(bytes));
    }
    const text = decoder.decode(this.paddedText.subarray(1, this.paddedTextLength - 1));
    return { text, tokens, shoutedWords: this.shoutedWords, elongatedWords: this.elongatedWords };
  }

  /** Sizes every buffer for the worst case of a raw text of `length` code units. */
  private reserve(length: number): void {
    // A mention "@a" (2 chars) becomes "@user" (5): text can grow 2.5 times. Tokens add hashtag words
    // and two tokens per emoticon.
    const textRoom = 3 * length + 16;
    if (this.decoded.length < textRoom) {
      this.decoded = new Uint8Array(textRoom);
      this.placed = new Uint8Array(textRoom);
      this.shortened = new Uint8Array(textRoom);
      this.cut = new Uint8Array(textRoom);
      this.wordBreaks = new Uint8Array(textRoom);
      this.paddedText = new Uint8Array(textRoom + 2);
    }
    const tokenRoom = 2 * textRoom;
    if (this.tokenKeys.length < tokenRoom) {
      this.tokenStarts = new Int32Array(tokenRoom + 1);
      this.tokenKeys = new Int32Array(tokenRoom);
      this.tokenNegated = new Uint8Array(tokenRoom);
      this.tokenFlags = new Uint8Array(tokenRoom);
    }
    // Each text byte lands in at most two tokens (a hashtag and its words); an emoticon of two bytes or
    // more adds seven for its polarity token.
    if (this.tokenBytes.length < 5 * textRoom) this.tokenBytes = new Uint8Array(5 * textRoom);
  }

  /** Code units to bytes with the five HTML entities decoded; -1 for an unsupported character. */
  private decode(raw: string): number {
    const decoded = this.decoded;
    let length = 0;
    for (let i = 0; i < raw.length; i++) {
      let code = raw.charCodeAt(i);
      if (code >= 128) {
        if (code !== RIGHT_QUOTE) return -1;
        code = RIGHT_QUOTE_BYTE;
      } else if (code === CHAR_AMPERSAND) {
        for (const [entity, decodedCode] of HTML_ENTITIES) {
          if (raw.startsWith(entity, i)) {
            code = decodedCode;
            i += entity.length - 1;
            break;
          }
        }
      }
      decoded[length++] = code;
    }
    return length;
  }

  /** `/\b(?:https?:\/\/|www\.)\S+/gi` -> " http ", then `/@\w+/g` -> "@user", in one left-to-right pass. */
  private replaceLinksAndMentions(length: number): number {
    const decoded = this.decoded;
    const placed = this.placed;
    let out = 0;
    let i = 0;
    while (i < length) {
      const code = decoded[i];
      const linkEnd = CLASS[code] & LINK_START ? this.linkEnd(i, length) : -1;
      if (linkEnd > 0) {
        placed.set(LINK_PLACEHOLDER, out);
        out += LINK_PLACEHOLDER.length;
        i = linkEnd;
        continue;
      }
      // Links are replaced before mentions: "@http://x" keeps its "@" and loses the link.
      if (
        code === CHAR_AT &&
        i + 1 < length &&
        CLASS[decoded[i + 1]] & WORD &&
        this.linkEnd(i + 1, length) < 0
      ) {
        placed.set(USER_PLACEHOLDER, out);
        out += USER_PLACEHOLDER.length;
        i += 2;
        while (i < length && CLASS[decoded[i]] & WORD) i++;
        continue;
      }
      placed[out++] = code;
      i++;
    }
    return out;
  }

  /** End of the link starting at `start` in the decoded bytes, or -1 when none starts there. */
  private linkEnd(start: number, length: number): number {
    const decoded = this.decoded;
    if (!(CLASS[decoded[start]] & LINK_START)) return -1;
    // \b before a word character: the previous character is not one.
    if (start > 0 && CLASS[decoded[start - 1]] & WORD) return -1;
    let i = start;
    if (this.matchesLower(i, length, 'http')) {
      i += 4;
      if (i < length && LOWER[decoded[i]] === 115 && this.matchesLower(i + 1, length, '://'))
        i += 4; // 's'
      else if (this.matchesLower(i, length, '://')) i += 3;
      else return -1;
    } else if (this.matchesLower(i, length, 'www.')) {
      i += 4;
    } else {
      return -1;
    }
    if (i >= length || CLASS[decoded[i]] & SPACE) return -1;
    while (i < length && !(CLASS[decoded[i]] & SPACE)) i++;
    return i;
  }

  private matchesLower(start: number, length: number, ascii: string): boolean {
    if (start + ascii.length > length) return false;
    for (let k = 0; k < ascii.length; k++) {
      if (LOWER[this.decoded[start + k]] !== ascii.charCodeAt(k)) return false;
    }
    return true;
  }

  /**
   * Counts shouted words (`/\b[A-Z]{2,}\b/`) and shortens elongations (`/(\p{L})\1{2,}/` -> two
   * letters, counted once per run), both over the text with placeholders.
   */
  private countCuesAndShorten(length: number): number {
    const placed = this.placed;
    const shortened = this.shortened;
    let shouted = 0;
    let elongated = 0;
    let wordLength = 0;
    let allUpper = true;
    let previous = -1;
    let sameRun = 0;
    let out = 0;
    for (let i = 0; i < length; i++) {
      const code = placed[i];
      const flags = CLASS[code];
      if (flags & WORD) {
        wordLength++;
        if (!(flags & UPPER)) allUpper = false;
      } else {
        if (wordLength >= 2 && allUpper) shouted++;
        wordLength = 0;
        allUpper = true;
      }
      if (code === previous) {
        sameRun++;
      } else {
        previous = code;
        sameRun = 1;
      }
      if (sameRun >= 3 && flags & LETTER) {
        if (sameRun === 3) elongated++;
        continue;
      }
      shortened[out++] = code;
    }
    if (wordLength >= 2 && allUpper) shouted++;
    this.shoutedWords = shouted;
    this.elongatedWords = elongated;
    return out;
  }

  /**
   * Cuts out emoticons that stand after whitespace and before whitespace, clause punctuation or the
   * end (kept aside: they go to the end of the token list), and writes the padded, lower-cased,
   * whitespace-collapsed text that char n-grams read.
   */
  private cutEmoticonsAndCollapse(length: number): number {
    const shortened = this.shortened;
    const cut = this.cut;
    const padded = this.paddedText;
    this.emoticonBounds.length = 0;
    this.emoticonNegative.length = 0;
    let asString: string | undefined;
    let cutLength = 0;
    let paddedLength = 1;
    padded[0] = CHAR_SPACE;
    let pendingSpace = false;
    for (let i = 0; i < length; i++) {
      let code = shortened[i];
      if (
        CLASS[code] & EMOTICON_START &&
        i + 1 < length &&
        CLASS[shortened[i + 1]] & EMOTICON_SECOND &&
        (i === 0 || CLASS[shortened[i - 1]] & SPACE)
      ) {
        asString ??= decoder.decode(shortened.subarray(0, length));
        EMOTICON_PATTERN.lastIndex = i;
        const match = EMOTICON_PATTERN.exec(asString);
        const end = match ? i + match[0].length : -1;
        if (match && (end === length || CLASS[shortened[end]] & EMOTICON_FOLLOWER)) {
          this.emoticonBounds.push(i, end);
          this.emoticonNegative.push(emoticonPolarity(match[0].toLowerCase()) === 'emo_neg');
          code = CHAR_SPACE;
          i = end - 1;
        }
      }
      cut[cutLength++] = code;
      if (CLASS[code] & SPACE) {
        pendingSpace = paddedLength > 1;
      } else {
        if (pendingSpace) padded[paddedLength++] = CHAR_SPACE;
        pendingSpace = false;
        padded[paddedLength++] = LOWER[code];
      }
    }
    padded[paddedLength++] = CHAR_SPACE;
    this.paddedTextLength = paddedLength;
    return cutLength;
  }

  /**
   * The regex path's TOKEN alternation over the cut text: `@user`, hashtags (kept whole, then their
   * words from the original case), words with inner apostrophes, runs of clause punctuation; then the
   * emoticons with their polarity tokens. Negation scope is marked as tokens are added.
   */
  private tokenise(length: number): void {
    const cut = this.cut;
    const bytes = this.tokenBytes;
    this.tokenCount = 0;
    this.tokenStarts[0] = 0;
    this.negated = false;
    let i = 0;
    while (i < length) {
      const code = cut[i];
      const flags = CLASS[code];
      let out = this.tokenStarts[this.tokenCount];
      if (flags & ALNUM) {
        bytes[out++] = LOWER[code];
        i++;
        while (i < length && CLASS[cut[i]] & ALNUM) bytes[out++] = LOWER[cut[i++]];
        while (i + 1 < length && LOWER[cut[i]] === CHAR_APOSTROPHE && CLASS[cut[i + 1]] & LETTER) {
          bytes[out++] = CHAR_APOSTROPHE;
          i++;
          while (i < length && CLASS[cut[i]] & LETTER) bytes[out++] = LOWER[cut[i++]];
        }
        this.endToken(out, 0, true);
      } else if (flags & CLAUSE_PUNCTUATION) {
        let tokenFlags = 0;
        do {
          const punctuation = cut[i++];
          if (punctuation === CHAR_EXCLAMATION) tokenFlags |= TOKEN_EXCLAMATION;
          else if (punctuation === CHAR_QUESTION) tokenFlags |= TOKEN_QUESTION;
          bytes[out++] = punctuation;
        } while (i < length && CLASS[cut[i]] & CLAUSE_PUNCTUATION);
        this.endToken(out, tokenFlags, false);
      } else if (code === CHAR_AT && this.isUserPlaceholder(i, length)) {
        bytes.set(USER_PLACEHOLDER, out);
        this.endToken(out + USER_PLACEHOLDER.length, 0, false);
        i += USER_PLACEHOLDER.length;
      } else if (code === CHAR_HASH && i + 1 < length && CLASS[cut[i + 1]] & WORD) {
        const bodyStart = i + 1;
        bytes[out++] = CHAR_HASH;
        i++;
        while (i < length && CLASS[cut[i]] & WORD) bytes[out++] = LOWER[cut[i++]];
        this.endToken(out, 0, false);
        this.addHashtagWords(bodyStart, i);
      } else {
        i++;
      }
    }
    const bounds = this.emoticonBounds;
    for (let e = 0; e < bounds.length; e += 2) {
      let out = this.tokenStarts[this.tokenCount];
      for (let k = bounds[e]; k < bounds[e + 1]; k++) bytes[out++] = LOWER[this.shortened[k]];
      this.endToken(out, 0, (CLASS[this.shortened[bounds[e]]] & ALNUM) !== 0);
      const negative = this.emoticonNegative[e / 2];
      const polarity = negative ? EMO_NEG : EMO_POS;
      bytes.set(polarity, this.tokenStarts[this.tokenCount]);
      this.endToken(
        this.tokenStarts[this.tokenCount] + polarity.length,
        negative ? TOKEN_EMOJI_NEGATIVE : TOKEN_EMOJI_POSITIVE,
        true,
      );
    }
  }

  private isUserPlaceholder(start: number, length: number): boolean {
    if (start + USER_PLACEHOLDER.length > length) return false;
    for (let k = 1; k < USER_PLACEHOLDER.length; k++) {
      if (LOWER[this.cut[start + k]] !== USER_PLACEHOLDER[k]) return false;
    }
    return true;
  }

  /**
   * Closes the token whose bytes end at `end` and marks negation as markNegationScope does: a token
   * that does not start with a letter or digit closes the scope, a negator opens one, and the plain
   * words inside a scope are negated.
   */
  private endToken(end: number, flags: number, startsPlainWord: boolean): void {
    const t = this.tokenCount;
    const start = this.tokenStarts[t];
    const key = fnv1a(this.tokenBytes, start, end);
    this.tokenKeys[t] = key;
    this.tokenFlags[t] = flags;
    this.tokenNegated[t] = 0;
    if (!startsPlainWord) {
      this.negated = false;
    } else if (this.isNegator(start, end, key)) {
      this.negated = true;
    } else if (this.negated) {
      this.tokenNegated[t] = 1;
    }
    this.tokenStarts[t + 1] = end;
    this.tokenCount = t + 1;
  }

  private isNegator(start: number, end: number, key: number): boolean {
    const bytes = this.tokenBytes;
    const endsWithNt =
      end - start >= 3 &&
      bytes[end - 3] === 110 && // 'n'
      bytes[end - 2] === CHAR_APOSTROPHE &&
      bytes[end - 1] === 116; // 't'
    return endsWithNt || NEGATOR_TABLE.find(bytes, start, end, key) >= 0;
  }

  /**
   * segmentHashtag on bytes: the words of a hashtag body split at underscores, lower-to-upper case
   * changes, before the last capital of a capital run followed by a small letter, and at letter/digit
   * changes, the last taken pairwise left to right as the regex replace does (so "a1b" gives "a",
   * "1b"). Added only when there are two words or more.
   */
  private addHashtagWords(start: number, end: number): void {
    const cut = this.cut;
    const breaks = this.wordBreaks;
    breaks.fill(0, start, end);
    for (let j = start + 1; j < end; j++) {
      if (isLowerLetter(cut[j - 1]) && CLASS[cut[j]] & UPPER) breaks[j] = 1;
    }
    for (let j = start; j < end;) {
      if (!(CLASS[cut[j]] & UPPER)) {
        j++;
        continue;
      }
      let runEnd = j + 1;
      while (runEnd < end && CLASS[cut[runEnd]] & UPPER) runEnd++;
      if (runEnd - j >= 2 && runEnd < end && isLowerLetter(cut[runEnd])) breaks[runEnd - 1] = 1;
      j = runEnd;
    }
    for (let j = start; j + 1 < end;) {
      const here = CLASS[cut[j]];
      const next = CLASS[cut[j + 1]];
      if ((here & LETTER && next & DIGIT) || (here & DIGIT && next & LETTER)) {
        breaks[j + 1] = 1;
        j += 2;
      } else {
        j++;
      }
    }
    let words = 0;
    for (let j = start; j < end; j++) {
      if (cut[j] !== 95 && (j === start || cut[j - 1] === 95 || breaks[j])) words++; // 95: '_'
    }
    if (words < 2) return;
    const bytes = this.tokenBytes;
    let out = this.tokenStarts[this.tokenCount];
    for (let j = start; j < end; j++) {
      if (out > this.tokenStarts[this.tokenCount] && (cut[j] === 95 || breaks[j])) {
        this.endToken(out, 0, true);
        out = this.tokenStarts[this.tokenCount];
      }
      if (cut[j] !== 95) bytes[out++] = LOWER[cut[j]];
    }
    if (out > this.tokenStarts[this.tokenCount]) this.endToken(out, 0, true);
  }
}

function isLowerLetter(code: number): boolean {
  return code >= 97 && code <= 122;
}
