import { describe, expect, it } from 'vitest';
import { compileTopicMatcher } from './topic-matcher';
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
});
