import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PostFormat } from './post-format';
import { readPostRecords } from './read-post-records';

const FIXTURES = join(__dirname, '../../fixtures/adapters');

/** Reads a fixture in 64-byte chunks, so that lines and UTF-8 characters straddle chunk borders. */
async function adapt(format: PostFormat, file: string) {
  const records = [];
  for await (const record of readPostRecords(
    format,
    createReadStream(join(FIXTURES, file), { highWaterMark: 64 }),
  )) {
    records.push(record);
  }
  return records;
}

const posts = (records: Awaited<ReturnType<typeof adapt>>) =>
  records.flatMap((r) => (r.result.ok === true ? [r.result.post] : []));
const problems = (records: Awaited<ReturnType<typeof adapt>>) =>
  records.flatMap((r) =>
    r.result.ok === false ? [{ line: r.line, code: r.result.error.code, field: r.result.error.field }] : [],
  );
const skips = (records: Awaited<ReturnType<typeof adapt>>) =>
  records.flatMap((r) =>
    r.result.ok === 'skip' ? [{ line: r.line, code: r.result.code, reason: r.result.reason }] : [],
  );
const deletions = (records: Awaited<ReturnType<typeof adapt>>) =>
  records.flatMap((r) => (r.result.ok === 'delete' ? [{ line: r.line, ...r.result.deletion }] : []));

describe('twitter-v2', () => {
  it('maps tweets, pages with includes, references and long tweets', async () => {
    const records = await adapt('twitter-v2', 'twitter-v2.ndjson');
    const [original, repost, quote, withMedia, reply, longTweet] = posts(records);
    expect(original).toEqual({
      schema: 'post/v1',
      id: '1001',
      platform: 'twitter',
      author_id: '11',
      created_at: '2024-05-01T12:00:00.000Z',
      text: 'Vote yes #Climate @alice https://t.co/x1',
      lang: 'en',
      kind: 'original',
      referenced_post_id: null,
      urls: ['https://example.org/vote'],
      hashtags: ['Climate'],
      mentions: ['alice'],
      media_hashes: [],
      extra: { conversation_id: '1001', public_metrics: { retweet_count: 2, like_count: 5 } },
    });
    expect(repost).toMatchObject({ id: '1002', kind: 'repost', referenced_post_id: '1001' });
    expect(quote).toMatchObject({ id: '1003', kind: 'quote', referenced_post_id: '999', lang: null });
    expect(quote.extra?.referenced_tweets).toEqual([
      { type: 'replied_to', id: '1001' },
      { type: 'quoted', id: '999' },
    ]);
    expect(withMedia).toMatchObject({
      id: '1004',
      media_hashes: ['https://pbs.twimg.com/media/a.jpg', '7_2'],
      extra: { author_username: 'carol' },
    });
    expect(reply).toMatchObject({ id: '1005', kind: 'reply', referenced_post_id: '1004' });
    expect(longTweet).toMatchObject({
      id: '1008',
      text: 'long tweet in full with #more',
      hashtags: ['more'],
    });
    expect(records.filter((r) => r.line === 5)).toHaveLength(2);
  });

  it('skips error-only responses and reports bad tweets by line', async () => {
    const records = await adapt('twitter-v2', 'twitter-v2.ndjson');
    expect(skips(records)).toEqual([
      {
        line: 6,
        code: 'empty_response',
        reason: 'a response without data: Could not find tweet with id: [1].',
      },
    ]);
    expect(problems(records)).toEqual([
      { line: 7, code: 'schema_violation', field: 'author_id' },
      { line: 8, code: 'invalid_json', field: null },
      { line: 10, code: 'schema_violation', field: 'referenced_post_id' },
    ]);
  });

  it('reads pretty-printed response documents, brackets inside strings included', async () => {
    const records = await adapt('twitter-v2', 'twitter-v2-page.json');
    expect(records.map((r) => [r.line, r.result.ok === true && r.result.post.id])).toEqual([
      [1, '2001'],
      [1, '2002'],
      [21, '2003'],
    ]);
    expect(posts(records)[1]).toMatchObject({
      text: 'second "quoted" } tricky',
      kind: 'quote',
      referenced_post_id: '2001',
    });
  });
});

describe('bluesky', () => {
  it('maps posts, replies, quotes with media and reposts', async () => {
    const [post, reply, quote, repost, external] = posts(await adapt('bluesky', 'bluesky-jetstream.ndjson'));
    expect(post).toEqual({
      schema: 'post/v1',
      id: 'at://did:plc:alice/app.bsky.feed.post/3kp1',
      platform: 'bluesky',
      author_id: 'did:plc:alice',
      created_at: '2024-05-01T12:00:00.000Z',
      text: 'Vote yes #climate @bob.test example.org/vote',
      lang: 'en',
      kind: 'original',
      referenced_post_id: null,
      urls: ['https://example.org/vote'],
      hashtags: ['climate', 'election'],
      mentions: ['did:plc:bob'],
      media_hashes: [],
      extra: {
        cid: 'bafyreia1',
        time_us: 1714564800000000,
        labels: { $type: 'com.atproto.label.defs#selfLabels', values: [] },
        langs: ['en', 'de'],
      },
    });
    expect(reply).toMatchObject({
      kind: 'reply',
      referenced_post_id: 'at://did:plc:alice/app.bsky.feed.post/3kp1',
    });
    expect(quote).toMatchObject({
      kind: 'quote',
      referenced_post_id: 'at://did:plc:alice/app.bsky.feed.post/3kp1',
      media_hashes: ['bafkreiimg1'],
      extra: { reply_parent_uri: 'at://did:plc:bob/app.bsky.feed.post/3kp2' },
    });
    expect(repost).toMatchObject({
      id: 'at://did:plc:dave/app.bsky.feed.repost/3kr1',
      kind: 'repost',
      text: '',
      referenced_post_id: 'at://did:plc:alice/app.bsky.feed.post/3kp1',
    });
    // A malformed client timestamp falls back to the relay's time, and the original is kept.
    expect(external).toMatchObject({
      created_at: '2024-05-01T12:00:20.000Z',
      urls: ['https://example.org/b'],
      extra: { record_created_at: 'last tuesday' },
    });
  });

  it('reads deletes as deletions, skips likes and identity events, and reports a post without text', async () => {
    const records = await adapt('bluesky', 'bluesky-jetstream.ndjson');
    expect(deletions(records)).toEqual([
      {
        line: 7,
        schema: 'post-deletion/v1',
        id: 'at://did:plc:alice/app.bsky.feed.post/3kp1',
        platform: 'bluesky',
        author_id: 'did:plc:alice',
        deleted_at: '2024-05-01T12:00:30.000Z',
        extra: { time_us: 1714564830000000 },
      },
    ]);
    expect(skips(records)).toEqual([
      { line: 6, code: 'not_a_post', reason: 'app.bsky.feed.like record, not a post or repost' },
      { line: 8, code: 'not_a_commit', reason: 'identity event, not a commit' },
    ]);
    expect(problems(records)).toEqual([{ line: 9, code: 'schema_violation', field: 'text' }]);
  });
});

describe('coortweet', () => {
  it('reads each row as a repost of object_id, with row errors naming the column', async () => {
    const records = await adapt('coortweet', 'coortweet.csv');
    expect(posts(records)[0]).toEqual({
      schema: 'post/v1',
      id: 'c1',
      platform: 'twitter',
      author_id: 'acc1',
      created_at: '2021-06-16T22:04:51.000Z',
      text: '',
      kind: 'repost',
      referenced_post_id: 'obj1',
      urls: [],
      hashtags: [],
      mentions: [],
      media_hashes: [],
    });
    expect(posts(records)[2].created_at).toBe('2021-06-16T22:05:00.500Z');
    expect(problems(records)).toEqual([
      { line: 5, code: 'schema_violation', field: 'timestamp_share' },
      { line: 6, code: 'schema_violation', field: 'timestamp_share' },
    ]);
  });

  it('refuses a file whose header is not the CooRTweet layout', async () => {
    await expect(adapt('coortweet', 'coortweet-wrong-header.csv')).rejects.toThrow(
      /coortweet CSV header must name the columns .*missing object_id, account_id, content_id, timestamp_share/,
    );
  });

  const russian = join(
    process.env.RIPTIDE_DATA_DIR ?? resolve('../shared/data'),
    'coordination/coortweet/russian_coord_tweets.csv',
  );
  it.skipIf(!existsSync(russian) && !process.env.CI)(
    'adapts all 35,125 rows of the CooRTweet Russian sample (skipped without the data folder, except in CI)',
    async () => {
      let adapted = 0;
      for await (const { result } of readPostRecords('coortweet', createReadStream(russian))) {
        if (result.ok !== true) throw new Error(`row failed: ${JSON.stringify(result)}`);
        adapted++;
      }
      expect(adapted).toBe(35_125);
    },
  );
});

describe('qut', () => {
  it('reads the BOM, CRLF, quoted multi-line messages and space-separated urls', async () => {
    const records = await adapt('qut', 'qut.csv');
    const [original, reply, repost, multiLine] = posts(records);
    expect(original).toEqual({
      schema: 'post/v1',
      id: '1',
      platform: 'twitter',
      author_id: 'u1',
      created_at: '1970-01-01T00:01:40.000Z',
      text: 'Original with links',
      kind: 'original',
      referenced_post_id: null,
      urls: ['https://example.org/a', 'https://example.org/b'],
      hashtags: [],
      mentions: [],
      media_hashes: [],
      extra: { username: 'user1' },
    });
    expect(reply).toMatchObject({
      kind: 'reply',
      referenced_post_id: '1',
      created_at: '1970-01-01T00:02:40.500Z',
    });
    expect(repost).toMatchObject({ kind: 'repost', referenced_post_id: '1' });
    expect(multiLine).toMatchObject({ id: '5', text: 'two\r\nlines, and "quotes"' });
    expect(records.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect(problems(records)).toEqual([{ line: 5, code: 'schema_violation', field: 'timestamp' }]);
  });

  const qut = join(
    process.env.RIPTIDE_DATA_DIR ?? resolve('../shared/data'),
    'coordination/qut-toolkit-tests/coretweet_test_input.csv',
  );
  it.skipIf(!existsSync(qut) && !process.env.CI)(
    'adapts the 15 rows of the QUT toolkit test input (skipped without the data folder, except in CI)',
    async () => {
      const kinds = [];
      for await (const { result } of readPostRecords('qut', createReadStream(qut)))
        kinds.push(result.ok === true && result.post.kind);
      expect(kinds).toEqual(Array(15).fill('repost'));
    },
  );
});

describe('post', () => {
  it('defaults a missing schema, keeps unknown fields on extra, reports the rest', async () => {
    const records = await adapt('post', 'posts.ndjson');
    expect(posts(records).map((p) => [p.id, p.schema, p.extra])).toEqual([
      ['p1', 'post/v1', undefined],
      ['p2', 'post/v1', { favourites: 3, visibility: 'public' }],
    ]);
    expect(problems(records)).toEqual([
      { line: 3, code: 'wrong_schema', field: 'schema' },
      { line: 4, code: 'schema_violation', field: 'created_at' },
      { line: 5, code: 'not_an_object', field: null },
    ]);
  });
});

it('refuses an unknown format', async () => {
  await expect(adapt('csv' as PostFormat, 'posts.ndjson')).rejects.toThrow(
    'unknown format "csv": use one of twitter-v2, bluesky, coortweet, qut, post',
  );
});
