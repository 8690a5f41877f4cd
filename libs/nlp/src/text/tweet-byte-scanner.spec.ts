import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseTweet } from './normalise-tweet';
import { segmentHashtag } from './segment-hashtag';
import { TweetByteScanner } from './tweet-byte-scanner';

const dataDir = process.env.RIPTIDE_DATA_DIR ?? resolve('../shared/data');

function scanned(text: string) {
  const scanner = new TweetByteScanner();
  expect(scanner.scan(text)).toBe(true);
  return scanner.toNormalisedTweet();
}

// Each rule's edges, and the interplay of the regex path's steps (entities before links, links
// before mentions, elongation after the shouting count, emoticons after elongation, ’ read as ' only
// when tokenising).
const EDGE_CASES = [
  '',
  '   ',
  '@Bob Look at https://t.co/AbC and www.example.com NOW',
  "I don't like it, but I love you!!! soooo GOOOOD :) :-( <3 &lt;3 xD",
  'not good. great;; ok?! #NeverTrump #COP21Paris #love_wins # #_x @user123 @',
  "it's2 abc'1 don't5 n't rock'n'roll  tabs\tand\nnewlines  \r\n\v\f end",
  ":) at start, a:b, 10:30, (: and ): and ^_^ and ^^ and -_- and -__- and :'( end :(",
  'USA vs U.S.A. A AB ABc AB_C AB1 _AB aaa AAA aAa',
  '&amp;&quot;&#39;&gt;  &amp;amp; &AMP; &#40; &lt;3 &lt;3x',
  '@http://x.co/a a@b.com @@bob @_x @1 x@ http://  https://a HTTPS://B.C Www.x wwww.x xwww.y (http://p.q)',
  'don’t do it ’cause it’s bad :’( ’’’ I’M SO ’HAPPY’',
  'not funny xD and never 8) ok 8-) fine',
  'no #NeverAgain trump never #Trump2016 again',
  '#a1b #ABCDef #iPhone6s #HTML5Rocks #x_Y_z #ABc1D2e #__x__ #9a9 #A #aB',
  'yeeees!!!! nooo??? Whaaaat?!?! hmmm...',
  '@aa @b @c @d @e @f @g: RT @h_i: text',
  'x'.repeat(3000) + ' ' + '@a '.repeat(500) + ':) '.repeat(300),
];

describe('TweetByteScanner', () => {
  it.each(EDGE_CASES)('gives what the regex path gives: %j', (text) => {
    expect(scanned(text)).toEqual(normaliseTweet(text));
  });

  it('gives what the regex path gives on real tweets (the first 2,000 of sentiment and of climate stance)', () => {
    const files = ['sentiment/train_text.txt', 'stance/climate/train_text.txt'];
    const texts = files.flatMap((file) =>
      readFileSync(join(dataDir, file), 'utf8').split('\n').slice(0, 2000),
    );
    expect(texts.length).toBeGreaterThan(2000);
    for (const text of texts) expect(scanned(text), text).toEqual(normaliseTweet(text));
  });

  it('declines text with other non-ASCII characters, and scans again afterwards', () => {
    const scanner = new TweetByteScanner();
    expect(scanner.scan('great 😂')).toBe(false);
    expect(scanner.scan('café')).toBe(false);
    expect(scanner.scan('ok then')).toBe(true);
    expect(scanner.toNormalisedTweet().tokens).toEqual(['ok', 'then']);
  });

  it('marks negation through hashtag words and emoticons as the token list reads', () => {
    expect(scanned('not funny xD').tokens).toEqual(['not', 'not_funny', 'not_xd', 'not_emo_pos']);
    expect(scanned('#NeverTrump rally').tokens).toEqual(['#nevertrump', 'never', 'not_trump', 'not_rally']);
  });

  it('splits hashtag bodies exactly as segmentHashtag does', () => {
    const bodies = [
      'a1b',
      'ABCDef',
      'iPhone6s',
      'HTML5Rocks',
      'x_Y_z',
      'ABc1D2e',
      '__x__',
      '9a9',
      'aB',
      'A1B2C3',
      'abcDEFghi',
    ];
    for (const body of bodies) {
      const words = segmentHashtag(body);
      const expected = [`#${body.toLowerCase()}`, ...(words.length > 1 ? words : [])];
      expect(scanned(`#${body}`).tokens, body).toEqual(expected);
    }
  });
});
