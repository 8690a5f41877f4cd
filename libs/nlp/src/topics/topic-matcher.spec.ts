import { describe, expect, it } from 'vitest';
import { compileTopicMatcher, literalStart } from './topic-matcher';
import { parseTopicRegistry } from './topic-registry';

const registry = parseTopicRegistry({
  schema: 'topics/v1',
  topics: [
    {
      id: 'abortion',
      name: 'Abortion',
      keywords: ['abortion', 'pro-life', 'roe v wade'],
      hashtags: ['prochoice'],
      languages: ['en'],
    },
    { id: 'climate', name: 'Climate', keywords: ['global warming'], patterns: ['\\bco2\\b'] },
    {
      id: 'hillary',
      name: 'Hillary Clinton',
      keywords: ['hillary'],
      hashtags: ['imwithher'],
      languages: ['en', 'es'],
    },
  ],
});
const match = compileTopicMatcher(registry);

describe('compileTopicMatcher', () => {
  it('matches keywords case-insensitively on whole words only', () => {
    expect(match({ text: 'ABORTION is on the ballot' })).toEqual(['abortion']);
    expect(match({ text: 'abortionist' })).toEqual([]);
  });

  it('matches multi-word keywords only when the words are adjacent and in order', () => {
    expect(match({ text: 'Pro-Life march today' })).toEqual(['abortion']);
    expect(match({ text: 'pro life march' })).toEqual(['abortion']);
    expect(match({ text: 'life is pro' })).toEqual([]);
    expect(match({ text: 'overturn Roe v. Wade' })).toEqual(['abortion']);
    expect(match({ text: 'global summit on warming' })).toEqual([]);
    expect(match({ text: 'stop global warming' })).toEqual(['climate']);
  });

  it('matches hashtags from the post field (with or without #) and from the text', () => {
    expect(match({ text: 'no words here', hashtags: ['#ProChoice'] })).toEqual(['abortion']);
    expect(match({ text: 'no words here', hashtags: ['imwithher'] })).toEqual(['hillary']);
    expect(match({ text: 'so true #ImWithHer' })).toEqual(['hillary']);
  });

  it('splits non-ASCII text on Unicode letters and digits (ASCII text takes a faster path)', () => {
    expect(match({ text: 'Pro–Life… «HILLARY»' })).toEqual(['abortion', 'hillary']);
    expect(match({ text: 'hillaryé and abortion²' })).toEqual([]);
    expect(match({ text: 'Ça va #ImWithHer' })).toEqual(['hillary']);
    expect(match({ text: 'so true #ImWithHerçà' })).toEqual([]);
    expect(match({ text: 'hillary_2016 and pro_life' })).toEqual(['abortion', 'hillary']);
  });

  it('matches regular expressions case-insensitively', () => {
    expect(match({ text: 'CO2 levels rose' })).toEqual(['climate']);
    expect(match({ text: 'co2e' })).toEqual([]);
  });

  it('returns every matched topic in registry order', () => {
    expect(match({ text: 'Hillary on abortion and global warming' })).toEqual([
      'abortion',
      'climate',
      'hillary',
    ]);
  });

  it('skips topics restricted to other languages; regions and unknown languages do not exclude', () => {
    expect(match({ text: 'hillary y el aborto', lang: 'es' })).toEqual(['hillary']);
    expect(match({ text: 'abortion hillary', lang: 'fr' })).toEqual([]);
    expect(match({ text: 'abortion', lang: 'en-GB' })).toEqual(['abortion']);
    expect(match({ text: 'abortion', lang: 'und' })).toEqual(['abortion']);
    expect(match({ text: 'CO2', lang: 'fr' })).toEqual(['climate']);
  });

  it('returns nothing for unmatched posts, which then get sentiment only', () => {
    expect(match({ text: 'lovely weather', hashtags: [] })).toEqual([]);
  });

  it('skips a pattern on ASCII text lacking its literal start, with the same answers as running it', () => {
    const patterns = [
      '\\bfoet(us|uses)\\b',
      '\\bclinton (campaign|emails?)\\b',
      'colou?r',
      'x+y',
      'ab|cd',
      '[a-c]at',
      '\\bkelvin\\b',
    ];
    const withPatterns = compileTopicMatcher(
      parseTopicRegistry({
        schema: 'topics/v1',
        topics: patterns.map((pattern, index) => ({
          id: `t${index}`,
          name: `t${index}`,
          patterns: [pattern],
        })),
      }),
    );
    const texts = [
      'FOETUS',
      'a foetuses b',
      'foe tus',
      'Clinton Emails',
      'clinton  campaign',
      'COLOR',
      'colour',
      'colr',
      'xxy',
      'y',
      'xcd',
      'zab',
      'bat',
      'KELVIN',
      '\u212Aelvin',
      'ſcience kelvin',
      'nothing',
    ];
    for (const text of texts) {
      const byRunning = patterns
        .map((pattern, index) => (new RegExp(pattern, 'iu').test(text) ? `t${index}` : undefined))
        .filter((id) => id !== undefined);
      expect(withPatterns({ text }), text).toEqual(byRunning);
    }
    expect(withPatterns({ text: 'clinton foundation COLOUR' })).toEqual(['t2']);
  });

  it('finds the literal start of a pattern only where every match begins with it', () => {
    expect(literalStart('\\bfoet(us|uses)\\b')).toBe('foet');
    expect(literalStart('\\bfetus(es)?\\b')).toBe('fetus');
    expect(literalStart('\\bCO2\\b')).toBe('co2');
    expect(literalStart('\\bclinton (campaign|foundation)')).toBe('clinton ');
    expect(literalStart('colou?r')).toBe('colo');
    expect(literalStart('abx*')).toBe('ab');
    expect(literalStart('ab+c')).toBe('ab');
    expect(literalStart('ab{2}')).toBe(undefined);
    expect(literalStart('ab|cd')).toBe(undefined);
    expect(literalStart('(ab|cd)ef')).toBe(undefined);
    expect(literalStart('abc[|]')).toBe('abc');
    expect(literalStart('x\\|y')).toBe(undefined);
    expect(literalStart('^abc')).toBe(undefined);
    expect(literalStart('élan')).toBe(undefined);
  });
});
