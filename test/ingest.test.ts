import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeReport } from '../apps/ingest/src/intake/intake.service';
import { IngestUnderTest, startIngestUnderTest } from './support/ingest-under-test';
import { clientPost } from './support/post-fixtures';
import { isolatedKafka, readTopicUntil } from './support/kafka-test-env';
import type { KafkaConnection } from '@riptide/stream';

const VALID_POSTS = 10_000;
const BATCH = 1_000;

/** 100 malformed lines, ten of each kind, each with the field the report must name (null: whole line). */
function malformedLines(): { text: string; field: string | null; code: string }[] {
  const lines: { text: string; field: string | null; code: string }[] = [];
  for (let i = 0; i < 10; i++) {
    const bad = (patch: Record<string, unknown>, drop?: string) => {
      const post = { ...clientPost(`bad-${lines.length}`), ...patch };
      if (drop) delete post[drop];
      return JSON.stringify(post);
    };
    lines.push({ text: `{"id": "bad-${lines.length}", "text": `, field: null, code: 'invalid_json' });
    lines.push({ text: bad({}, 'id'), field: 'id', code: 'schema_violation' });
    lines.push({ text: bad({ created_at: 'yesterday' }), field: 'created_at', code: 'schema_violation' });
    lines.push({ text: bad({ kind: 'retweet' }), field: 'kind', code: 'schema_violation' });
    lines.push({ text: bad({ kind: 'repost' }), field: 'referenced_post_id', code: 'schema_violation' });
    lines.push({ text: bad({ urls: 'https://example.org' }), field: 'urls', code: 'schema_violation' });
    lines.push({ text: bad({ hashtags: ['#withhash'] }), field: 'hashtags[0]', code: 'schema_violation' });
    lines.push({ text: bad({ author_id: 42 }), field: 'author_id', code: 'schema_violation' });
    lines.push({ text: `"just a string ${i}"`, field: null, code: 'not_an_object' });
    lines.push({ text: bad({ schema: 'post/v9' }), field: 'schema', code: 'wrong_schema' });
  }
  return lines;
}

describe('ingest over HTTP into the real broker', () => {
  let ingest: IngestUnderTest;
  let url: string;
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };

  beforeAll(async () => {
    kafka = await isolatedKafka('ingest');
    ingest = await startIngestUnderTest(kafka.connection, { maxBodyBytes: 2 * 1024 * 1024 });
    url = ingest.url;
  });

  afterAll(async () => {
    await ingest?.close();
    await kafka?.cleanup();
  });

  it('accepts 10,000 valid posts and every one arrives on posts.raw keyed by its id', async () => {
    for (let start = 0; start < VALID_POSTS; start += BATCH) {
      const body = Array.from({ length: BATCH }, (_, i) =>
        JSON.stringify(clientPost(`post-${start + i}`)),
      ).join('\n');
      const response = await fetch(`${url}/v1/posts`, {
        method: 'POST',
        headers: { ...ingest.auth, 'content-type': 'application/x-ndjson' },
        body,
      });
      expect(response.status).toBe(202);
      expect(await response.json()).toMatchObject({ accepted: BATCH, rejected: 0, errors: [] });
    }
    const messages = await readTopicUntil(
      kafka.connection,
      'posts.raw',
      (seen) => seen.length >= VALID_POSTS,
    );
    const ids = new Set(messages.map((message) => JSON.parse(message.value.toString()).id));
    expect(ids.size).toBe(VALID_POSTS);
    expect(messages.every((message) => message.key === JSON.parse(message.value.toString()).id)).toBe(true);
    expect(JSON.parse(messages[0].value.toString()).schema).toBe('post/v1');
  });

  it('reports 100 malformed lines one by one, with field and reason, and none reaches the topic', async () => {
    const bad = malformedLines();
    const good = Array.from({ length: 5 }, (_, i) => JSON.stringify(clientPost(`mixed-${i}`)));
    const body = [...bad.map((line) => line.text), ...good].join('\n');
    const response = await fetch(`${url}/v1/posts`, {
      method: 'POST',
      headers: { ...ingest.auth, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(response.status).toBe(202);
    const report = (await response.json()) as IntakeReport;
    expect(report.accepted).toBe(5);
    expect(report.rejected).toBe(100);
    expect(report.errors).toHaveLength(100);
    report.errors.forEach((error, index) => {
      expect(error.line).toBe(index + 1);
      expect(error.code).toBe(bad[index].code);
      expect(error.field).toBe(bad[index].field);
      expect(error.message.length).toBeGreaterThan(10);
    });

    const allBad = await fetch(`${url}/v1/posts`, {
      method: 'POST',
      headers: { ...ingest.auth, 'content-type': 'application/x-ndjson' },
      body: bad
        .slice(0, 3)
        .map((l) => l.text)
        .join('\n'),
    });
    expect(allBad.status).toBe(400);
    expect(((await allBad.json()) as IntakeReport).rejected).toBe(3);

    const messages = await readTopicUntil(
      kafka.connection,
      'posts.raw',
      (seen) => seen.some((m) => m.key === 'mixed-4') && seen.length >= VALID_POSTS + 5,
    );
    const keys = messages.map((message) => message.key ?? '');
    expect(keys.filter((key) => key.startsWith('mixed-'))).toHaveLength(5);
    expect(keys.filter((key) => key.startsWith('bad-'))).toEqual([]);
  });

  it('accepts a JSON array, refuses an oversize body with 413 and an empty one with 400', async () => {
    const array = await fetch(`${url}/v1/posts`, {
      method: 'POST',
      headers: { ...ingest.auth, 'content-type': 'application/json' },
      body: JSON.stringify([clientPost('array-1'), clientPost('array-2')]),
    });
    expect(array.status).toBe(202);
    expect(((await array.json()) as IntakeReport).accepted).toBe(2);

    const huge = 'x'.repeat(3 * 1024 * 1024);
    const oversize = await fetch(`${url}/v1/posts`, {
      method: 'POST',
      headers: { ...ingest.auth, 'content-type': 'application/json' },
      body: JSON.stringify([clientPost('huge', { text: huge })]),
    });
    expect(oversize.status).toBe(413);
    expect(((await oversize.json()) as { message: string }).message).toMatch(/larger than 2097152 bytes/);

    const empty = await fetch(`${url}/v1/posts`, {
      method: 'POST',
      headers: { ...ingest.auth, 'content-type': 'application/x-ndjson' },
      body: '\n\n',
    });
    expect(empty.status).toBe(400);
  });

  it('feeds author profiles to the compacted authors topic, keyed by author id', async () => {
    const profiles = ['a1', 'a2', 'a3'].map((id) => ({
      author_id: id,
      platform: 'twitter',
      demographics: { age_group: '30-44', region: 'north' },
      followers: 10,
      updated_at: '2026-11-01T00:00:00Z',
    }));
    const response = await fetch(`${url}/v1/authors`, {
      method: 'POST',
      headers: { ...ingest.auth, 'content-type': 'application/json' },
      body: JSON.stringify(profiles),
    });
    expect(response.status).toBe(202);
    const messages = await readTopicUntil(kafka.connection, 'authors', (seen) => seen.length >= 3);
    expect(messages.map((m) => m.key).sort()).toEqual(['a1', 'a2', 'a3']);

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/riptide_ingest_items_total\{kind="author",result="accepted"\} 3/);
    expect((await fetch(`${url}/ready`)).status).toBe(200);
  });
});
