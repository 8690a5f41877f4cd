import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { postCodec, postDeletionCodec } from '@riptide/contracts';
import type { KafkaConnection } from '@riptide/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedKafka, readTopicUntil } from './support/kafka-test-env';

const ROOT = resolve(__dirname, '..');
const JETSTREAM_SAMPLE = resolve(ROOT, 'libs/contracts/fixtures/adapters/bluesky-jetstream.ndjson');

/**
 * `riptide replay` of a Jetstream file on the real broker: posts land on posts.raw and the file's
 * delete commits on posts.deleted, each keyed by post id, and the summary counts both.
 */
describe('riptide replay --format bluesky', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  beforeAll(async () => {
    kafka = await isolatedKafka('replay');
  });
  afterAll(async () => kafka?.cleanup());

  async function replay(...args: string[]): Promise<{ stdout: string; code: number }> {
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [resolve(ROOT, 'bin/riptide.cjs'), 'replay', ...args],
        { cwd: ROOT, env: { ...process.env, RIPTIDE_TOPIC_PREFIX: kafka.connection.topicPrefix } },
      );
      return { stdout, code: 0 };
    } catch (error) {
      const failed = error as { stdout: string; code: number };
      return { stdout: failed.stdout, code: failed.code };
    }
  }

  it('produces posts to posts.raw and deletions to posts.deleted, and reports both', async () => {
    const { stdout, code } = await replay('--file', JETSTREAM_SAMPLE, '--format', 'bluesky');
    expect(code).toBe(2); // the sample's post without text is invalid, on purpose
    expect(JSON.parse(stdout)).toMatchObject({
      topic: 'posts.raw',
      produced: 5,
      deletions: 1,
      deletions_topic: 'posts.deleted',
      skipped: 2,
      invalid: 1,
    });

    const deleted = await readTopicUntil(kafka.connection, 'posts.deleted', (seen) => seen.length >= 1);
    expect(deleted).toHaveLength(1);
    expect(deleted[0].key).toBe('at://did:plc:alice/app.bsky.feed.post/3kp1');
    expect(postDeletionCodec.decode(deleted[0].value)).toMatchObject({
      ok: true,
      value: { platform: 'bluesky', author_id: 'did:plc:alice', deleted_at: '2024-05-01T12:00:30.000Z' },
    });

    const posts = await readTopicUntil(kafka.connection, 'posts.raw', (seen) => seen.length >= 5);
    expect(posts.every((message) => postCodec.decode(message.value).ok)).toBe(true);
    expect(posts.map((message) => message.key)).toContain('at://did:plc:alice/app.bsky.feed.post/3kp1');
  });
});
