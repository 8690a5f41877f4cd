import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectJetstreamOutcome } from './jetstream-expectation';
import { parseJetstreamEvent } from './jetstream-frame';
import {
  LIVE_FIXTURES_DIR,
  liveSampleFiles,
  recordedJetstreamFrames,
  recordedMastodonTimeline,
} from './live-samples';

const frames = recordedJetstreamFrames();
const events = frames.map(parseJetstreamEvent).filter((event) => typeof event === 'object');
type Commit = { operation: string; collection: string; record?: Record<string, unknown> };
const commits = events.flatMap((event) => (event.kind === 'commit' ? [event.commit as Commit] : []));
const postRecords = commits
  .filter((commit) => commit.operation === 'create' && commit.collection === 'app.bsky.feed.post')
  .map((commit) => commit.record!);

describe('live samples', () => {
  it('are what the seeded generators write, byte for byte', () => {
    for (const [name, text] of Object.entries(liveSampleFiles()))
      expect(readFileSync(join(LIVE_FIXTURES_DIR, name), 'utf8') === text, name).toBe(true);
  });

  it('Jetstream: time_us strictly increasing; every kind of event and frame a source must handle', () => {
    const times = events.map((event) => event.time_us as number);
    expect(times.every((time, index) => index === 0 || time > times[index - 1])).toBe(true);
    const outcome = expectJetstreamOutcome(frames, { wantedCollections: [], maxEventBytes: 262_144 });
    for (const reason of [
      'not_a_post',
      'not_a_commit',
      'edit',
      'oversized',
      'malformed_json',
      'not_an_object',
      'schema_violation',
    ])
      expect(outcome.skipped.get(reason), reason).toBeGreaterThan(0);
    expect(outcome.posts.size).toBeGreaterThan(200);
    expect(outcome.deletions.size).toBeGreaterThan(5);
    const collections = new Set(commits.map((commit) => commit.collection));
    for (const collection of ['app.bsky.feed.repost', 'app.bsky.feed.like', 'app.bsky.graph.follow'])
      expect(collections).toContain(collection);
    const kinds = new Set(events.map((event) => event.kind));
    expect([...kinds].sort()).toEqual(['account', 'commit', 'identity']);
  });

  it('Jetstream posts: every embed type, replies, langs, and facets whose byte offsets frame their text', () => {
    const embeds = new Set(
      postRecords.map((record) => (record.embed as { $type?: string } | undefined)?.$type),
    );
    for (const type of ['external', 'images', 'video', 'record', 'recordWithMedia'])
      expect(embeds).toContain(`app.bsky.embed.${type}`);
    expect(postRecords.some((record) => record.reply)).toBe(true);
    expect(postRecords.some((record) => Array.isArray(record.langs) && record.langs.length === 2)).toBe(true);
    const features = new Set<string>();
    for (const record of postRecords.filter((post) => typeof post.text === 'string')) {
      const text = Buffer.from(record.text as string);
      for (const facet of (record.facets ?? []) as {
        index: { byteStart: number; byteEnd: number };
        features: { $type: string }[];
      }[]) {
        const covered = text.subarray(facet.index.byteStart, facet.index.byteEnd).toString();
        const feature = facet.features[0];
        features.add(feature.$type);
        if (feature.$type.endsWith('#tag'))
          expect(covered).toBe(`#${(feature as unknown as { tag: string }).tag}`);
        if (feature.$type.endsWith('#mention')) expect(covered.startsWith('@')).toBe(true);
      }
    }
    expect([...features].sort()).toEqual([
      'app.bsky.richtext.facet#link',
      'app.bsky.richtext.facet#mention',
      'app.bsky.richtext.facet#tag',
    ]);
  });

  it('Mastodon: ids increasing past 2^53, HTML content, reblogs, replies, quotes, media, a few non-public, deletes', () => {
    const { statuses, deletes } = recordedMastodonTimeline();
    const ids = statuses.map((status) => BigInt(status.id));
    expect(ids.every((id, index) => index === 0 || id > ids[index - 1])).toBe(true);
    expect(ids[0] > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(statuses.some((status) => status.reblog)).toBe(true);
    expect(statuses.some((status) => status.in_reply_to_id)).toBe(true);
    expect(
      statuses.some((status) => (status.quote as { state?: string } | undefined)?.state === 'accepted'),
    ).toBe(true);
    expect(
      statuses.some((status) =>
        (status.media_attachments as { blurhash: string }[]).some((media) => media.blurhash),
      ),
    ).toBe(true);
    expect(statuses.some((status) => String(status.content).includes('class="mention hashtag"'))).toBe(true);
    expect(statuses.some((status) => String(status.content).includes('class="u-url mention"'))).toBe(true);
    expect(statuses.some((status) => status.visibility === 'private')).toBe(true);
    expect(statuses.some((status) => status.language === null)).toBe(true);
    const known = new Set(statuses.map((status) => status.id));
    expect(deletes.length).toBeGreaterThan(0);
    expect(deletes.every((deletion) => known.has(deletion.id))).toBe(true);
  });
});
