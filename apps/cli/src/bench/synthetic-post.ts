import type { Post } from '@riptide/contracts';

const WORDS = (
  'the vote count tonight looks closer than the polls said and everyone is sharing the same clip about ' +
  'climate policy hospital funding tax cuts border rules election fraud claims debate highlights turnout ' +
  'rally speech interview leaked memo fact check thread breaking news live update why this matters'
).split(' ');

/**
 * A realistic post of roughly 600 bytes, deterministic in `index`, for broker benchmarks: a tweet-length
 * text, a link, hashtags, a mention and demographics, as ingest would write them.
 */
export function syntheticPost(index: number): Post {
  let seed = (index * 2654435761) >>> 0;
  const next = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const words = Array.from({ length: 24 }, () => WORDS[Math.floor(next() * WORDS.length)]);
  const isRepost = next() < 0.3;
  return {
    schema: 'post/v1',
    id: `bench-${index}`,
    platform: 'twitter',
    author_id: `account-${Math.floor(next() * 50_000)}`,
    created_at: new Date(Date.UTC(2026, 10, 1) + index * 10).toISOString(),
    text: `${words.join(' ')} https://news.example.org/story/${index % 997}`,
    lang: 'en',
    kind: isRepost ? 'repost' : 'original',
    referenced_post_id: isRepost ? `bench-${Math.floor(next() * Math.max(1, index))}` : null,
    urls: [`https://news.example.org/story/${index % 997}`],
    hashtags: ['election', WORDS[index % WORDS.length]],
    mentions: [`reporter${index % 31}`],
    media_hashes: [],
    author: {
      age_group: ['18-29', '30-44', '45-64', '65+'][index % 4],
      gender: index % 2 ? 'female' : 'male',
      region: `region-${index % 9}`,
    },
  };
}
