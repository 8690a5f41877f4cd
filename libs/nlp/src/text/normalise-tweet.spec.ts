import { describe, expect, it } from 'vitest';
import { markNegationScope } from './negation-scope';
import { normaliseTweet, normaliseTweetWithRegexes } from './normalise-tweet';
import { isAscii, scanAsciiTweet } from './scan-ascii-tweet';
import { segmentHashtag } from './segment-hashtag';

describe('normaliseTweet', () => {
  it('replaces mentions and links with placeholders and lower-cases', () => {
    const tweet = normaliseTweet('@Bob Look at https://t.co/AbC and www.example.com NOW');
    expect(tweet.text).toBe('@user look at http and http now');
    expect(tweet.tokens).toEqual(['@user', 'look', 'at', 'http', 'and', 'http', 'now']);
    expect(tweet.shoutedWords).toBe(1);
  });

  it('shortens elongated words and counts them', () => {
    const tweet = normaliseTweet('soooo goooood');
    expect(tweet.tokens).toEqual(['soo', 'good']);
    expect(tweet.elongatedWords).toBe(2);
  });

  it('marks negation scope up to the next punctuation', () => {
    expect(normaliseTweet("I don't like it, but I love you").tokens).toEqual([
      'i',
      "don't",
      'not_like',
      'not_it',
      ',',
      'but',
      'i',
      'love',
      'you',
    ]);
    expect(normaliseTweet('not good. great').tokens).toEqual(['not', 'not_good', '.', 'great']);
  });

  it('keeps hashtags whole and adds their camel-case words', () => {
    expect(normaliseTweet('#BlackLivesMatter #climate').tokens).toEqual([
      '#blacklivesmatter',
      'black',
      'lives',
      'matter',
      '#climate',
    ]);
  });

  it('maps emoji and emoticons to a polarity token beside the symbol', () => {
    expect(normaliseTweet('great 😂').tokens).toEqual(['great', '😂', 'emo_pos']);
    expect(normaliseTweet('sad day :( ').tokens).toEqual(['sad', 'day', ':(', 'emo_neg']);
    expect(normaliseTweet('see you :-)').tokens).toEqual(['see', 'you', ':-)', 'emo_pos']);
  });

  it('does not read a face into a link or a time', () => {
    expect(normaliseTweet('at 10:30 http://x.co/a').tokens).toEqual(['at', '10', ':', '30', 'http']);
  });

  it('decodes the HTML entities tweets arrive with', () => {
    expect(normaliseTweet('salt &amp; pepper').text).toBe('salt & pepper');
  });
});

describe('the ASCII fast path', () => {
  // Cases chosen to exercise each rule's edges; the same check passed on all 49,012 ASCII tweets of
  // the sentiment and stance splits when the scanner was written.
  const cases = [
    '@Bob Look at https://t.co/AbC and www.example.com NOW',
    "I don't like it, but I love you!!! soooo GOOOOD :) :-( <3 &lt;3 xD",
    'not good. great;; ok?! #NeverTrump #COP21Paris #love_wins # #_x @user123 @',
    "it's2 abc'1 don't5 n't rock'n'roll  tabs\tand\nnewlines  ",
    ":) at start, a:b, 10:30, (: and ): and ^_^ and -_- and :'( end :(",
    'USA vs U.S.A. A AB ABc AB_C AB1 _AB aaa AAA aAa',
    '&amp;&quot;&#39;&gt;  ',
    '',
  ];
  it.each(cases)('gives what the regex path gives: %j', (text) => {
    expect(isAscii(text)).toBe(true);
    expect(scanAsciiTweet(text)).toEqual(normaliseTweetWithRegexes(text));
  });

  it('is not taken for non-ASCII text', () => {
    expect(isAscii('café')).toBe(false);
    expect(normaliseTweet('great 😂').tokens).toEqual(normaliseTweetWithRegexes('great 😂').tokens);
  });
});

describe('segmentHashtag', () => {
  it('splits on case, digit and underscore boundaries only', () => {
    expect(segmentHashtag('NeverTrump')).toEqual(['never', 'trump']);
    expect(segmentHashtag('COP21Paris')).toEqual(['cop', '21', 'paris']);
    expect(segmentHashtag('love_wins')).toEqual(['love', 'wins']);
    expect(segmentHashtag('lovewins')).toEqual(['lovewins']);
  });
});

describe('markNegationScope', () => {
  it('ends a scope at emoji and hashtags as well as punctuation', () => {
    expect(markNegationScope(['never', 'again', '😡', 'ok'])).toEqual(['never', 'not_again', '😡', 'ok']);
    expect(markNegationScope(['no', 'way', '#nope', 'yes'])).toEqual(['no', 'not_way', '#nope', 'yes']);
  });
});
