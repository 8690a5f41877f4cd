import { describe, expect, it } from 'vitest';
import { fetchedTokenizerJson } from './test-encoder';
import { HfTokenizer } from './hf-tokenizer';

// Expected ids were read from the vocabulary in tokenizer.json by hand (greedy longest match):
// [CLS]=101, [SEP]=102, [PAD]=0, [UNK]=100, hello=7592, world=2088, !=999, una=14477, ##ffa=20961,
// ##ble=3468, cafe=7668, de=2139, ##ja=3900, vu=24728, 北=1781, 京=1755, i=1045, don=2123, '=1005,
// t=1056, like=2066, #=1001, climate=4785.
describe('HfTokenizer (all-MiniLM-L6-v2 tokenizer.json)', () => {
  const tokenizer = new HfTokenizer(fetchedTokenizerJson());

  it('lower-cases, splits punctuation and adds [CLS]/[SEP]', () => {
    expect(tokenizer.encode('Hello World!')).toEqual([101, 7592, 2088, 999, 102]);
  });

  it('splits unknown words greedily into ## pieces', () => {
    expect(tokenizer.encode('unaffable')).toEqual([101, 14477, 20961, 3468, 102]);
    expect(tokenizer.tokenize('unaffable')).toEqual(['una', '##ffa', '##ble']);
  });

  it('strips accents, splits CJK characters and apostrophes', () => {
    expect(tokenizer.encode("I don't like Café déjà vu 北京")).toEqual([
      101, 1045, 2123, 1005, 1056, 2066, 7668, 2139, 3900, 24728, 1781, 1755, 102,
    ]);
  });

  it('maps characters outside the vocabulary to [UNK] and splits hashtags', () => {
    expect(tokenizer.encode('🙂 #climate')).toEqual([101, 100, 1001, 4785, 102]);
  });

  it('truncates to maxTokens, keeping [SEP] last', () => {
    const ids = new HfTokenizer(fetchedTokenizerJson(), 8).encode('hello '.repeat(20));
    expect(ids).toEqual([101, 7592, 7592, 7592, 7592, 7592, 7592, 102]);
    expect(tokenizer.encode('hello '.repeat(300))).toHaveLength(256);
  });

  it('pads a batch to its longest sequence, with a zero mask and [PAD] on padding', () => {
    const batch = tokenizer.encodeBatch(['hello', 'hello world!']);
    expect(batch.sequenceLength).toBe(5);
    expect(Array.from(batch.inputIds, Number)).toEqual([101, 7592, 102, 0, 0, 101, 7592, 2088, 999, 102]);
    expect(Array.from(batch.attentionMask, Number)).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(batch.tokenTypeIds, Number)).toEqual(new Array(10).fill(0));
  });

  it('rejects a tokenizer file that is not an object', () => {
    expect(() => new HfTokenizer('nope')).toThrow('tokenizer.json: expected a JSON object');
  });
});
