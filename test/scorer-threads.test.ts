import { scoredPostCodec } from '@riptide/contracts';
import { createKafka, physicalTopic, type KafkaConnection } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScorer, type RunningScorer } from '../apps/scorer/src/main';
import { scorerConfigFromEnv } from '../apps/scorer/src/scorer-config';
import { isolatedKafka, readTopicUntil, writeRaw } from './support/kafka-test-env';
import { authorProfile, encode, rawPost } from './support/scorer-fixtures';
import { runScorerUntilSigterm } from './support/scorer-process';

const POSTS = 60;
const GROUP = 'scorer-threads';

async function metricsText(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

async function groupMembers(connection: KafkaConnection): Promise<{ state: string; members: number }> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([physicalTopic(connection, GROUP)]);
    return { state: groups[0].state, members: groups[0].members.length };
  } finally {
    await admin.disconnect();
  }
}

describe('apps/scorer with SCORER_THREADS=2 on the real broker', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let scorer: RunningScorer | undefined;

  beforeAll(async () => {
    kafka = await isolatedKafka('scorer-threads');
    await writeRaw(kafka.connection, 'authors', [
      { key: 'alice', value: encode(authorProfile('alice', { region: 'north' })) },
      { key: 'bob', value: encode(authorProfile('bob', { region: 'south' })) },
    ]);
    const config = scorerConfigFromEnv({
      SCORER_PORT: '0',
      SCORER_CHUNK_SIZE: '10',
      SCORER_THREADS: '2',
      SCORER_GROUP_ID: GROUP,
    });
    scorer = await startScorer({ ...config, kafka: kafka.connection });
  });

  afterAll(async () => {
    await scorer?.close();
    await kafka?.cleanup();
  });

  it('is ready once both threads are, each a member of the consumer group', async () => {
    let ready: { ready: boolean; checks: Record<string, boolean> } = { ready: false, checks: {} };
    for (let attempt = 0; attempt < 100 && !ready.ready; attempt++) {
      ready = (await (await fetch(`http://127.0.0.1:${scorer!.port}/ready`)).json()) as typeof ready;
      if (!ready.ready) await sleep(100);
    }
    expect(ready.checks).toEqual({ 'scorer-thread-0': true, 'scorer-thread-1': true });
    let group = await groupMembers(kafka.connection);
    for (let attempt = 0; attempt < 100 && group.members < 2; attempt++) {
      await sleep(100);
      group = await groupMembers(kafka.connection);
    }
    expect(group.members).toBe(2);
  });

  it('scores every post and serves one merged /metrics', async () => {
    const ids = Array.from({ length: POSTS }, (_, i) => `p-${i}`);
    await writeRaw(
      kafka.connection,
      'posts.raw',
      ids.map((id, i) => ({
        key: id,
        value: encode(rawPost(id, i % 2 ? 'alice' : 'bob', { text: `post number ${i} about the weather` })),
      })),
    );
    const scored = await readTopicUntil(
      kafka.connection,
      'posts.scored',
      // At least once: a rebalance between the threads may score a post twice, so count distinct posts.
      (seen) =>
        new Set(
          seen.map((message) => (JSON.parse(message.value.toString()) as { post: { id: string } }).post.id),
        ).size >= POSTS,
    );
    const postIds = new Set(
      scored.map((message) => {
        const decoded = scoredPostCodec.decode(message.value);
        if (!decoded.ok) throw new Error(decoded.error.message);
        expect(decoded.value.author?.author_id).toBe(decoded.value.post.author_id);
        return decoded.value.post.id;
      }),
    );
    expect([...postIds].sort()).toEqual([...ids].sort());

    // Counters sum over the threads; the authors table is a replica per thread, so its size is taken once.
    const consumedName = `riptide_stream_consumed_messages_total{topic="${physicalTopic(kafka.connection, 'posts.raw')}"}`;
    let metrics = await metricsText(scorer!.port);
    const consumed = () =>
      Number(
        metrics
          .split('\n')
          .find((line) => line.startsWith(consumedName))
          ?.split(' ')[1],
      );
    for (let attempt = 0; attempt < 100 && !(consumed() >= POSTS); attempt++) {
      await sleep(100);
      metrics = await metricsText(scorer!.port);
    }
    expect(consumed()).toBeGreaterThanOrEqual(POSTS);
    expect(metrics).toMatch(/^riptide_scorer_author_profiles 2$/m);
    // Process metrics come from the main thread alone: summed over threads, the start time would be years ahead.
    const startTime = Number(/^process_start_time_seconds (\S+)$/m.exec(metrics)?.[1]);
    expect(Math.abs(startTime - Date.now() / 1000)).toBeLessThan(3_600);
  });

  it('closes every thread: batches finished, the group left', async () => {
    await scorer!.close();
    scorer = undefined;
    const group = await groupMembers(kafka.connection);
    expect(group.members).toBe(0);
    expect(group.state).toBe('Empty');
  });

  it('as a process, stops every thread on SIGTERM before the signal ends it', async () => {
    const { started, code, signal, output } = await runScorerUntilSigterm(kafka.connection, {
      SCORER_THREADS: '2',
      SCORER_GROUP_ID: 'scorer-threads-sigterm',
    });
    expect(started, output).toBe(true);
    expect(code === 0 || signal === 'SIGTERM', `exit code ${code}, signal ${signal}\n${output}`).toBe(true);
    // Each thread's log lines carry its thread id.
    const stoppedThreads = [
      ...output.matchAll(/"thread":(\d+)[^\n]*scoring pipeline stopped: follower group deleted/g),
    ];
    expect(new Set(stoppedThreads.map((match) => match[1])).size, output).toBe(2);
    expect(output, output).toContain('every scoring thread closed');
  });
});
