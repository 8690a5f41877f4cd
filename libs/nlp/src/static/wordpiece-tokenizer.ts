/**
 * BERT WordPiece tokenisation into vocabulary ids, as the Hugging Face `tokenizer.json` of
 * all-MiniLM-L6-v2 specifies it (BertNormalizer with clean_text, CJK padding, accent stripping and
 * lower-casing; BertPreTokenizer; WordPiece with `##` pieces, [UNK], 100 characters per word), but
 * without the library: `@huggingface/tokenizers` manages about 15,000 tweets/s, less than the fast
 * tier's whole budget, where this does about 200,000. Ids only, no special tokens, no offsets.
 * Parity with the library is checked by the spec beside this file.
 */
export class WordPieceTokenizer {
  private readonly trie: PieceTrie;

  constructor(
    vocab: ReadonlyMap<string, number>,
    private readonly unknownId: number,
  ) {
    this.trie = new PieceTrie(vocab);
  }

  /**
   * Builds the tokenizer from a `vocab.txt` (one piece per line, the line number its id), the form
   * the fast tier ships: the normaliser and pre-tokeniser are BERT's uncased ones, fixed here.
   */
  static fromVocabularyLines(lines: readonly string[], unknownToken = '[UNK]'): WordPieceTokenizer {
    const vocab = new Map<string, number>();
    lines.forEach((piece, id) => {
      if (!vocab.has(piece)) vocab.set(piece, id);
    });
    const unknownId = vocab.get(unknownToken);
    if (unknownId === undefined)
      throw new Error(`vocabulary: the unknown token ${unknownToken} is not in it`);
    return new WordPieceTokenizer(vocab, unknownId);
  }

  /** The vocabulary of a parsed `tokenizer.json` in id order, checking that it is an uncased BERT WordPiece tokenizer. */
  static vocabularyOfTokenizerJson(json: unknown): string[] {
    const file = json as {
      normalizer?: { type?: string; lowercase?: boolean; strip_accents?: boolean | null };
      pre_tokenizer?: { type?: string };
      model?: {
        type?: string;
        vocab?: Record<string, number>;
        continuing_subword_prefix?: string;
        max_input_chars_per_word?: number;
      };
    };
    const model = file.model;
    const supported =
      model?.type === 'WordPiece' &&
      file.normalizer?.type === 'BertNormalizer' &&
      file.normalizer.lowercase === true &&
      file.normalizer.strip_accents !== false &&
      file.pre_tokenizer?.type === 'BertPreTokenizer' &&
      (model.continuing_subword_prefix ?? '##') === '##' &&
      (model.max_input_chars_per_word ?? MAX_WORD_CHARS) === MAX_WORD_CHARS;
    if (!supported || !model?.vocab)
      throw new Error(
        'tokenizer.json: expected an uncased BERT WordPiece tokenizer (BertNormalizer, BertPreTokenizer, ## pieces)',
      );
    const lines: string[] = [];
    for (const [piece, id] of Object.entries(model.vocab)) lines[id] = piece;
    if (lines.some((piece) => piece === undefined) || lines.length !== Object.keys(model.vocab).length)
      throw new Error('tokenizer.json: vocabulary ids are not 0..n-1');
    return lines;
  }

  /** Vocabulary ids of a text's word pieces, in order (no [CLS] / [SEP]). */
  ids(text: string, out: number[] = []): number[] {
    const normalised = normalise(text);
    // A hand-written scan rather than a regular expression: this loop is most of the tier's tokenising time.
    let start = -1;
    for (let i = 0; i <= normalised.length; i++) {
      const kind = i === normalised.length ? SPACE : charKind(normalised, i);
      if (kind === WORD) {
        if (start < 0) start = i;
        continue;
      }
      if (start >= 0) this.pushWord(normalised, start, i, out);
      start = -1;
      if (kind === PUNCTUATION) this.pushWord(normalised, i, i + 1, out);
    }
    return out;
  }

  /**
   * Greedy longest-match pieces of the word `text[from, to)`, appended to `out`; a word with a part
   * no piece covers becomes one [UNK], as does a word of more than 100 characters.
   */
  private pushWord(text: string, from: number, to: number, out: number[]): void {
    if (to - from > MAX_WORD_CHARS && codePoints(text, from, to) > MAX_WORD_CHARS) {
      out.push(this.unknownId);
      return;
    }
    const first = out.length;
    for (let start = from; start < to;) {
      const match = this.trie.longest(text, start, to, start === from ? WORD_START : CONTINUATION);
      if (match < 0) {
        out.length = first;
        out.push(this.unknownId);
        return;
      }
      out.push(this.trie.matchedId);
      start = match;
    }
  }
}

/**
 * The vocabulary as a trie over UTF-16 units, with one root for word-initial pieces and one for
 * `##` continuations, so that the longest piece at a position is found in one walk instead of one
 * map lookup per candidate length. Edges live in an open-addressing table of typed arrays.
 */
class PieceTrie {
  private readonly keys: Float64Array;
  private readonly children: Int32Array;
  private readonly mask: number;
  private readonly ids: number[] = [-1, -1];
  /** The id of the last `longest` match (a second return value without allocating). */
  matchedId = -1;

  constructor(vocab: ReadonlyMap<string, number>) {
    let units = 0;
    for (const piece of vocab.keys()) units += piece.length;
    const size = 2 ** Math.ceil(Math.log2(units * 2 + 16));
    this.keys = new Float64Array(size).fill(-1);
    this.children = new Int32Array(size);
    this.mask = size - 1;
    for (const [piece, id] of vocab) {
      const continuation = piece.startsWith('##') && piece.length > 2;
      let node = continuation ? CONTINUATION : WORD_START;
      for (let i = continuation ? 2 : 0; i < piece.length; i++)
        node = this.child(node, piece.charCodeAt(i), true);
      this.ids[node] = id;
    }
  }

  /** End of the longest piece from `root` matching `text[start, ...)` within `to`, or -1; its id in `matchedId`. */
  longest(text: string, start: number, to: number, root: number): number {
    let node = root;
    let end = -1;
    for (let i = start; i < to; i++) {
      node = this.child(node, text.charCodeAt(i), false);
      if (node < 0) break;
      if (this.ids[node] >= 0) {
        end = i + 1;
        this.matchedId = this.ids[node];
      }
    }
    return end;
  }

  private child(node: number, unit: number, create: boolean): number {
    const key = node * 65536 + unit;
    let slot = (Math.imul(node, 0x9e3779b1) ^ Math.imul(unit, 0x85ebca6b)) & this.mask;
    while (this.keys[slot] !== -1) {
      if (this.keys[slot] === key) return this.children[slot];
      slot = (slot + 1) & this.mask;
    }
    if (!create) return -1;
    this.keys[slot] = key;
    this.children[slot] = this.ids.length;
    this.ids.push(-1);
    return this.children[slot];
  }
}

const WORD_START = 0;
const CONTINUATION = 1;

function codePoints(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff) count++;
  }
  return count;
}

const MAX_WORD_CHARS = 100;
const WORD = 0;
const SPACE = 1;
const PUNCTUATION = 2;
/** Punctuation to BERT: Unicode P*, plus the ASCII symbols it counts as punctuation. */
const IS_PUNCTUATION = /[\p{P}$+<=>^`|~]/u;
const ASCII_KINDS = Uint8Array.from({ length: 128 }, (_, code) => {
  const c = String.fromCharCode(code);
  return /\s/.test(c) ? SPACE : IS_PUNCTUATION.test(c) ? PUNCTUATION : WORD;
});

/** Word, space or punctuation, for the UTF-16 unit at `i` (surrogates are never either: emoji are word characters). */
function charKind(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) return ASCII_KINDS[code];
  if (code >= 0xd800 && code <= 0xdfff) return WORD;
  const c = text[i];
  return /\s/.test(c) ? SPACE : IS_PUNCTUATION.test(c) ? PUNCTUATION : WORD;
}
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
const TO_CLEAN =
  /[\p{C}\p{White_Space}\u{4E00}-\u{9FFF}\u{3400}-\u{4DBF}\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B920}-\u{2CEAF}\u{F900}-\u{FAFF}\u{2F800}-\u{2FA1F}]/gu;
const NON_SPACING_MARKS = /\p{Mn}/gu;

/**
 * BertNormalizer: control characters, U+0000 and U+FFFD dropped, white space (tab and line breaks
 * included) made a space, CJK ideographs padded with spaces, then NFD with non-spacing marks
 * removed, then lower case, in that order as the library does it.
 */
export function normalise(text: string): string {
  if (PLAIN_ASCII.test(text)) return text.toLowerCase();
  const cleaned = text.replace(TO_CLEAN, (c) => {
    if (c === '\t' || c === '\n' || c === '\r') return ' ';
    if (/\p{C}/u.test(c)) return '';
    if (/\p{White_Space}/u.test(c)) return ' ';
    return ` ${c} `;
  });
  return cleaned
    .replace(/\uFFFD/g, '')
    .normalize('NFD')
    .replace(NON_SPACING_MARKS, '')
    .toLowerCase();
}
