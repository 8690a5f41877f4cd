import { FileApiKeyStore } from '@riptide/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestUnderTest, startIngestUnderTest } from './support/ingest-under-test';
import { isolatedKafka } from './support/kafka-test-env';
import { clientPost } from './support/post-fixtures';
import type { KafkaConnection } from '@riptide/stream';

/** POST one post with these headers; the status and the JSON body. */
async function post(url: string, headers: Record<string, string>, id: string) {
  const response = await fetch(`${url}/v1/posts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(clientPost(id)),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('ingest writes need an API key', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let ingest: IngestUnderTest;
  let limited: IngestUnderTest;

  beforeAll(async () => {
    kafka = await isolatedKafka('ingest-auth');
    ingest = await startIngestUnderTest(kafka.connection);
    // A second ingest over the same key file, with a rate limit of 1 request/s and a burst of 2.
    limited = await startIngestUnderTest(kafka.connection, {
      auth: { store: ingest.store, rateLimit: { ratePerSecond: 1, burst: 2 }, cacheTtlMs: 60_000 },
    });
  });

  afterAll(async () => {
    await ingest?.close();
    await limited?.close();
    await kafka?.cleanup();
  });

  it('answers 401 with WWW-Authenticate without a key, with a malformed one and with an unknown one', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer nonsense' },
      { authorization: `Bearer rtk_0123456789abcdef_${'a'.repeat(43)}` },
    ];
    for (const headers of attempts) {
      const answer = await post(ingest.url, headers, 'no-key');
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="riptide"');
      expect(answer.body).toMatchObject({ error: 'unauthorized' });
    }
  });

  it('answers 403 to a reader key and lets an admin key write', async () => {
    const reader = await post(ingest.url, { authorization: await ingest.keyOf('reader') }, 'reader');
    expect(reader.status).toBe(403);
    expect(reader.body.message).toMatch(/has the role reader; this needs ingest \(or admin\)/);
    expect((await post(ingest.url, { authorization: await ingest.keyOf('admin') }, 'admin')).status).toBe(
      202,
    );
  });

  it('stops taking a key within a second of `riptide apikey revoke` rewriting the file', async () => {
    const authorization = await ingest.keyOf('ingest', 'to-revoke');
    expect((await post(ingest.url, { authorization }, 'before-revoke')).status).toBe(202);
    // Another process's view of the same file, as the CLI has it.
    await new FileApiKeyStore(ingest.store.path).revoke('to-revoke');
    const revokedAt = Date.now();
    let answer = await post(ingest.url, { authorization }, 'after-revoke');
    while (answer.status === 202 && Date.now() - revokedAt < 5_000)
      answer = await post(ingest.url, { authorization }, 'after-revoke');
    expect(answer).toMatchObject({ status: 401, body: { message: 'the API key was revoked' } });
    expect(Date.now() - revokedAt).toBeLessThan(1_500);
  });

  it('answers 429 with Retry-After once a key is over its rate', async () => {
    const statuses = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const answer = await post(limited.url, ingest.auth, `limited-${i}`);
      statuses.push(answer.status);
      retryAfter ??= answer.headers.get('retry-after');
    }
    expect(statuses).toEqual([202, 202, 429]);
    expect(retryAfter).toBe('1');
  });

  it('leaves /metrics, /health and /ready open', async () => {
    for (const path of ['/metrics', '/health', '/ready'])
      expect((await fetch(`${ingest.url}${path}`)).status, path).toBe(200);
  });
});
