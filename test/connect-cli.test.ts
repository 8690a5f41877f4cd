import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KafkaConnection } from '@riptide/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJetstreamOutcome } from '../apps/cli/src/live-replay/jetstream-expectation';
import {
  startJetstreamReplayServer,
  type JetstreamReplayServer,
} from '../apps/cli/src/live-replay/jetstream-replay-server';
import { recordedJetstreamFrames } from '../apps/cli/src/live-replay/live-samples';
import { isolatedKafka } from './support/kafka-test-env';
import { readKeyedTopic } from './support/live-connector';

const ROOT = resolve(__dirname, '..');

/**
 * `riptide connect bluesky` as a user runs it, on a broker where the deployment's topics do not exist
 * yet: it creates the connector's topics, reads the recorded sample from a local Jetstream into
 * posts.raw, prints its progress, and on Ctrl-C commits its cursor and exits 0.
 */
describe('riptide connect bluesky', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let jetstream: JetstreamReplayServer;
  const frames = recordedJetstreamFrames();
  beforeAll(async () => {
    kafka = await isolatedKafka('connect', false);
    jetstream = await startJetstreamReplayServer({ frames });
  });
  afterAll(async () => {
    await jetstream?.close();
    await kafka?.cleanup();
  });

  it('creates its topics, produces every post once, and stops cleanly on SIGINT', async () => {
    const expected = expectJetstreamOutcome(frames, {
      wantedCollections: ['app.bsky.feed.post', 'app.bsky.feed.repost'],
      maxEventBytes: 262_144,
      maxMessageSizeBytes: 262_144,
    });
    const child = spawn(
      process.execPath,
      [resolve(ROOT, 'bin/riptide.cjs'), 'connect', 'bluesky', '--endpoint', jetstream.url, '--port', '0'],
      {
        cwd: ROOT,
        env: { ...process.env, RIPTIDE_TOPIC_PREFIX: kafka.connection.topicPrefix, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    try {
      const deadline = Date.now() + 90_000;
      while (!/connect bluesky: ".*" into/.test(stderr) && Date.now() < deadline) await sleep(200);
      let posts = 0;
      while (posts < expected.posts.size && Date.now() < deadline) {
        await sleep(500);
        posts = (await readKeyedTopic(kafka.connection, 'posts.raw').catch(() => undefined))?.keys.size ?? 0;
      }
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const prefix = kafka.connection.topicPrefix;
    expect(stderr).toContain(
      `created ${prefix}posts.raw, ${prefix}posts.deleted, ${prefix}connector.cursors`,
    );
    expect(stderr).toMatch(/SIGINT, producing what was read and committing the cursor/);
    expect(stderr).toMatch(
      new RegExp(
        `stopped at cursor \\d+; \\d+ received, ${expected.posts.size} posts, ${expected.deletions.size} deletions`,
      ),
    );
    const onTopic = await readKeyedTopic(kafka.connection, 'posts.raw');
    expect(onTopic.keys).toEqual(expected.posts);
    expect((await readKeyedTopic(kafka.connection, 'connector.cursors')).keys.size).toBe(1);
  }, 120_000);
});
