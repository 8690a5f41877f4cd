import { AUTHOR_PROFILE_SCHEMA, type AuthorProfile, type Post } from '@riptide/contracts';
import { defaultDataDir } from '../data-dir';

const TWEETS = 'sentiment/val_text.txt';
const AUTHORS = 50_000;
/** Authors with a profile on the `authors` topic; the others are joined to nothing. */
export const PROFILES = 20_000;
const REPOST_PERCENT = 25;
/** The share of the mix's posts with a text to score: reposts have none, and the scorer skips them. */
export const SCORED_TEXT_SHARE = 1 - REPOST_PERCENT / 100;
const QUOTE_PERCENT = 10;
const AGE_GROUPS = ['18-29', '30-44', '45-64', '65+'];
const REGIONS = ['north', 'south', 'east', 'west'];

/** Post `index` of an endless stream, each with a unique id (`bench-post-<index>`). */
export type PostStream = (index: number) => Post;

/**
 * Posts as a platform export gives them, the mix of the `scorer_broker` stage and of `bench --scale`
 * (so that their CPU per post compare): real tweet texts of the shared data (read at bench time, never
 * stored) with their hashtags; a quarter reposts (no text, so nothing to score), a tenth quotes, 30%
 * with a news link carrying tracking parameters, a tenth with an image hash.
 */
export async function tweetPostStream(): Promise<PostStream> {
  const { existsSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const file = join(defaultDataDir(), TWEETS);
  if (!existsSync(file))
    throw new Error(`${file} not found: set RIPTIDE_DATA_DIR to the folder holding ${TWEETS}`);
  const tweets = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return (index) => {
    const roll = (Math.imul(index, 2246822519) >>> 0) % 100;
    const kind =
      roll < REPOST_PERCENT ? 'repost' : roll < REPOST_PERCENT + QUOTE_PERCENT ? 'quote' : 'original';
    const text = kind === 'repost' ? '' : tweets[index % tweets.length];
    return {
      schema: 'post/v1',
      id: `bench-post-${index}`,
      platform: 'twitter',
      author_id: `account-${(Math.imul(index, 2654435761) >>> 0) % AUTHORS}`,
      created_at: new Date(Date.UTC(2026, 10, 1) + index * 10).toISOString(),
      text,
      lang: 'en',
      kind,
      referenced_post_id: kind === 'original' ? null : `bench-post-${Math.max(0, index - 1 - (index % 997))}`,
      urls:
        roll % 10 < 3
          ? [
              `https://www.news-${index % 50}.example/story/${index % 2_000}?utm_source=twitter&utm_medium=social&fbclid=${index}`,
            ]
          : [],
      hashtags: [...text.matchAll(/#(\w+)/g)].map((match) => match[1]),
      mentions: [],
      media_hashes: roll % 10 === 9 ? [`phash:${(index % 500).toString(16)}`] : [],
    };
  };
}

/** The profile of author `account-<index>`, for the `authors` topic the scorer joins. */
export function authorProfile(index: number): AuthorProfile {
  return {
    schema: AUTHOR_PROFILE_SCHEMA,
    author_id: `account-${index}`,
    platform: 'twitter',
    demographics: {
      age_group: AGE_GROUPS[index % 4],
      gender: index % 2 ? 'female' : 'male',
      region: REGIONS[index % 4],
    },
    followers: (index * 37) % 10_000,
    updated_at: '2026-10-01T00:00:00Z',
  };
}
