import { describe, expect, it } from 'vitest';
import { HfTokenizer } from '../embeddings/hf-tokenizer';
import { fetchedTokenizerJson } from '../embeddings/test-encoder';
import { normalise, WordPieceTokenizer } from './wordpiece-tokenizer';

// The reference is the Hugging Face library on the same tokenizer.json: every case below must give
// the ids it gives (without [CLS]/[SEP]). The cases are the ones a hand-written BERT tokeniser
// gets wrong first: accents, CJK, control and odd white space, emoji inside words, ASCII symbols
// that BERT counts as punctuation, long words, unknown characters.
const CASES = [
  'Hello World!',
  'unaffable',
  "I don't like Café déjà vu 北京",
  '🙂 #climate',
  'love😍 it!!! @user123 http://t.co/Xzl4LFhs',
  'tab\there\r\nnew line\u00a0nbsp\u2003em\u200bzero-width\u0007bell',
  '$5 + 3 = <8> ^_^ `code` | ~tilde~',
  'ÀÉÎÕÜ ñ ç ß İstanbul ΣΊΣΥΦΟΣ',
  'a'.repeat(101) + ' ' + 'b'.repeat(100),
  'supercalifragilisticexpialidocious #MakeAmericaGreatAgain',
  '\ufffd\u0000 replacement and null',
  '“smart quotes” — dashes… and ellipses',
  'x\u0301 combining mark, ﬁ ligature, ① circled',
  '',
];

describe('WordPieceTokenizer (all-MiniLM-L6-v2 vocabulary)', () => {
  const json = fetchedTokenizerJson();
  const reference = new HfTokenizer(json, 100_000);
  const tokenizer = WordPieceTokenizer.fromVocabularyLines(
    WordPieceTokenizer.vocabularyOfTokenizerJson(json),
  );

  it.each(CASES.map((text) => [JSON.stringify(text).slice(0, 40), text]))(
    'gives the library ids for %s',
    (_, text) => {
      expect(tokenizer.ids(text)).toEqual(reference.encode(text).slice(1, -1));
    },
  );

  it('makes a word that no pieces cover one [UNK], and keeps pieces of covered words', () => {
    expect(tokenizer.ids('unaffable')).toEqual([14477, 20961, 3468]);
    expect(tokenizer.ids('love😍')).toEqual([100]);
  });

  it('appends to the array it is given', () => {
    const out = [7];
    expect(tokenizer.ids('hello', out)).toBe(out);
    expect(out).toEqual([7, 7592]);
  });

  it('lower-cases ASCII without touching anything else, and strips accents from the rest', () => {
    expect(normalise('Hello, World')).toBe('hello, world');
    expect(normalise('Café\tBAR')).toBe('cafe bar');
  });

  it('refuses a tokenizer file that is not uncased BERT WordPiece, and a vocabulary without [UNK]', () => {
    const cased = { ...(json as object), normalizer: { type: 'BertNormalizer', lowercase: false } };
    expect(() => WordPieceTokenizer.vocabularyOfTokenizerJson(cased)).toThrow(/uncased BERT WordPiece/);
    expect(() => WordPieceTokenizer.fromVocabularyLines(['a', 'b'])).toThrow(/\[UNK\] is not in it/);
  });
});
