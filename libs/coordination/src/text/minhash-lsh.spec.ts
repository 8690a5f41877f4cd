import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../simulation/seeded-random';
import { normaliseForShingles, textBucketKeys } from './minhash-lsh';

const dataDir = process.env.RIPTIDE_DATA_DIR ?? resolve('../shared/data');

/** normaliseForShingles as it is defined: the regular expressions its scan replaces. */
function shingleWordsByRegex(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/(?:https?:\/\/\S+|@\w+)/gu, ' ')
    .split(/[^\p{L}\p{N}#]+/u)
    .filter((word) => word.length > 0);
}

/** Seeded strings over an alphabet rich in the scan's edge cases: link and mention starts, spaces, surrogates. */
function fuzzedTexts(count: number): string[] {
  const pieces = [
    'a',
    'Z',
    '9',
    '_',
    '#',
    '@',
    '@x',
    'h',
    'http',
    'https://',
    'http://',
    'HTTPS://t.co/',
    '://',
    ':',
    '/',
    ' ',
    '\t',
    '\n',
    '\u00a0',
    '\u2003',
    '\u3000',
    '\ufeff',
    '\u200b',
    'é',
    'İ',
    'ß',
    'Σ',
    '٣',
    '²',
    '😀',
    '𝐀',
    '\ud800',
    '\udc00',
    '.',
    '-',
    "'",
    '’',
    '🇺🇸',
  ];
  const next = seededRandom(12345);
  return Array.from({ length: count }, () =>
    Array.from(
      { length: 1 + Math.floor(next() * 24) },
      () => pieces[Math.floor(next() * pieces.length)],
    ).join(''),
  );
}

function sharesBucket(a: string, b: string): boolean {
  const keys = new Set(textBucketKeys(a));
  return textBucketKeys(b).some((key) => keys.has(key));
}

describe('textBucketKeys', () => {
  const base =
    'the election was stolen by corrupt officials and the media will not tell you the truth about it';

  it('puts a near-duplicate (one word changed, a mention and a link added) in a shared bucket', () => {
    expect(sharesBucket(base, `@someone ${base.replace('corrupt', 'crooked')} https://t.co/x1`)).toBe(true);
  });

  it('keeps unrelated texts apart', () => {
    expect(
      sharesBucket(base, 'great weather for a walk in the park with the kids this sunday afternoon'),
    ).toBe(false);
  });

  it('gives the keys of earlier versions: every scorer instance and release must agree on them', () => {
    // Computed by the first implementation (regular expressions, a signature array, unsigned minima).
    expect(textBucketKeys(base, { bands: 4, rows: 3 })).toEqual([
      '0:be7ddb15',
      '1:dfef0ab2',
      '2:3ff1c0b4',
      '3:856c9c95',
    ]);
    expect(textBucketKeys(base, { shingleWords: 2, bands: 3, rows: 5, seed: 99 })).toEqual([
      '0:4c3294da',
      '1:da2e8dc8',
      '2:d9668a8f',
    ]);
  });

  it('is deterministic for a seed and gives one key per band', () => {
    expect(textBucketKeys(base)).toEqual(textBucketKeys(base));
    expect(textBucketKeys(base, { bands: 8, rows: 2 })).toHaveLength(8);
    expect(textBucketKeys(base, { seed: 1 })).not.toEqual(textBucketKeys(base, { seed: 2 }));
  });

  it('splits words exactly as its regular-expression definition does', () => {
    const cases = [
      '',
      'RT @bot: Look https://x.y/z NOW',
      'xhttps://a.b/c@d next',
      'http:// alone, https://\u00a0nbsp and @ alone @_under',
      '#tag#tag ##x 3rd ²nd Straße İstanbul ΣΑΣ 😀wow𝐀𝐁 \ud800lone\udc00',
      'caf\u00e9 na\u0131ve \u0663\u0664 e\u0301',
      ...fuzzedTexts(5_000),
    ];
    for (const text of cases)
      expect(normaliseForShingles(text), JSON.stringify(text)).toEqual(shingleWordsByRegex(text));
  });

  it.skipIf(!existsSync(join(dataDir, 'sentiment')))(
    'splits every text of the data folder as its definition does',
    () => {
      const files = [join(dataDir, 'sentiment')]
        .concat(readdirSync(join(dataDir, 'stance')).map((target) => join(dataDir, 'stance', target)))
        .flatMap((folder) =>
          existsSync(folder) && !folder.endsWith('.txt')
            ? readdirSync(folder)
                .filter((name) => name.endsWith('_text.txt'))
                .map((name) => join(folder, name))
            : [],
        );
      let texts = 0;
      for (const file of files)
        for (const text of readFileSync(file, 'utf8').split('\n')) {
          texts++;
          if (normaliseForShingles(text).join(' ') !== shingleWordsByRegex(text).join(' '))
            expect(normaliseForShingles(text), text).toEqual(shingleWordsByRegex(text));
        }
      expect(texts).toBeGreaterThan(50_000);
    },
  );

  it('drops links and mentions before shingling, and rejects bad parameters', () => {
    expect(normaliseForShingles('RT @bot: Look https://x.y/z NOW')).toEqual(['rt', 'look', 'now']);
    expect(textBucketKeys('')).toEqual([]);
    expect(() => textBucketKeys(base, { bands: 0 })).toThrow(/bands/);
  });
});
