import type { Post } from '@riptide/contracts';
import { simulateCampaigns } from '@riptide/coordination';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir } from '../data-dir';

export interface DemoTraffic {
  readonly posts: Post[];
  /** The planted campaign members: what the coordination service should find. */
  readonly coordinated: ReadonlySet<string>;
  /**
   * Event time from the oldest post to the newest, seconds. More than the simulated hour: objects appear
   * during the hour and are shared for a while after (about 2.7 h for the default seed).
   */
  readonly spanSeconds: number;
}

const FALLBACK_TEXTS = [
  'Watching the debate tonight, some strong points on climate policy',
  'I do not trust these polls at all',
  'Great turnout at the rally this morning!',
  'This bill is a disaster for working families',
  'Interesting thread on how the new law affects renters',
];

/**
 * A simulated hour of reposting with planted coordinated campaigns (libs/coordination's seeded
 * simulator), turned into posts that start now. Texts come from the sentiment validation tweets when the
 * data folder is present (read, never copied), else from a few built-in lines.
 */
export function demoTraffic(seed = 11): DemoTraffic {
  const stream = simulateCampaigns({
    seed,
    organicAccounts: 1500,
    objects: 600,
    organicSharesPerObject: 6,
    campaigns: 4,
    membersPerCampaign: 10,
    pushesPerCampaign: 12,
    durationSeconds: 3600,
  });
  const texts = tweetTexts();
  const start = Date.now() - 3600 * 1000;
  const posts = stream.shares.map((share, index): Post => ({
    schema: 'post/v1',
    id: `demo-${seed}-${index}`,
    platform: 'twitter',
    author_id: share.account,
    created_at: new Date(start + share.time * 1000).toISOString(),
    text: texts[index % texts.length],
    lang: 'en',
    kind: 'repost',
    referenced_post_id: `origin-${share.object}`,
    urls: [],
    hashtags: [],
    mentions: [],
    media_hashes: [],
  }));
  // The simulator returns shares in event-time order.
  const spanSeconds = stream.shares[stream.shares.length - 1].time - stream.shares[0].time;
  return { posts, coordinated: stream.coordinated, spanSeconds };
}

function tweetTexts(): string[] {
  const file = join(defaultDataDir(), 'sentiment/val_text.txt');
  if (!existsSync(file)) return FALLBACK_TEXTS;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}
