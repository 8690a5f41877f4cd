import { describe, expect, it } from 'vitest';
import { markNegationScope } from './negation-scope';
import { normaliseTweet } from './normalise-tweet';
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
