import {
  deadLetterCodec,
  scoredPostCodec,
  shareEventCodec,
  stanceObservationCodec,
  type Codec,
} from '@riptide/contracts';
import type { KafkaConnection } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScorer, type RunningScorer } from '../apps/scorer/src/main';
import { scorerConfigFromEnv } from '../apps/scorer/src/scorer-config';
import { isolatedKafka, readTopicUntil, writeRaw, type ReadMessage } from './support/kafka-test-env';
import { authorProfile, encode, rawPost } from './support/scorer-fixtures';
import { runScorerUntilSigterm } from './support/scorer-process';
import { writeTombstone } from './support/scorer-tombstone';

function decodeAll<T>(codec: Codec<T>, messages: ReadMessage[]): { key: string | null; value: T }[] {
  return messages.map((message) => {
    const decoded = codec.decode(message.value);
    if (!decoded.ok) throw new Error(`${codec.schema}: ${decoded.error.message}`);
    return { key: message.key, value: decoded.value };
  });
}

async function metricsText(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

describe('apps/scorer on the real broker', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let scorer: RunningScorer | undefined;

  beforeAll(async () => {
    kafka = await isolatedKafka('scorer');
    // Written before the scorer starts: the table must be rebuilt from the compacted topic.
    await writeRaw(kafka.connection, 'authors', [
      { key: 'alice', value: encode(authorProfile('alice', { age_group: '30-44', region: 'north' })) },
      { key: 'bob', value: encode(authorProfile('bob', { region: 'south' })) },
      { key: 'carol', value: encode(authorProfile('carol', { region: 'east' })) },
    ]);
    await writeTombstone(kafka.connection, 'authors', 'carol');
    const config = scorerConfigFromEnv({ SCORER_PORT: '0', SCORER_CHUNK_SIZE: '50' });
    scorer = await startScorer({ ...config, kafka: kafka.connection });
  });

  afterAll(async () => {
    await scorer?.close();
    await kafka?.cleanup();
  });

  it('answers /health and /ready once the authors table is loaded', async () => {
    const port = scorer!.port;
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    let ready: { ready: boolean; checks: Record<string, boolean> } = { ready: false, checks: {} };
    for (let attempt = 0; attempt < 100 && !ready.ready; attempt++) {
      ready = (await (await fetch(`http://127.0.0.1:${port}/ready`)).json()) as typeof ready;
      if (!ready.ready) await sleep(100);
    }
    expect(ready.checks['scorer-authors-table']).toBe(true);
    expect(ready.ready).toBe(true);
    expect(await metricsText(port)).toMatch(/riptide_scorer_author_profiles 2\b/);
  });

  it('scores posts into posts.scored, stance.observations and shares, and dead-letters invalid posts', async () => {
    // A profile that arrives after start must be joined too: wait until the table holds it.
    await writeRaw(kafka.connection, 'authors', [
      { key: 'dave', value: encode(authorProfile('dave', { gender: 'male' })) },
    ]);
    for (
      let attempt = 0;
      attempt < 100 && !/riptide_scorer_author_profiles 3\b/.test(await metricsText(scorer!.port));
      attempt++
    )
      await sleep(100);

    const climate = rawPost('p-climate', 'alice', {
      text: 'Climate change is the defining crisis of our time and we must cut carbon emissions now',
      hashtags: ['ClimateChange'],
      urls: ['https://WWW.Example.org:443/report?utm_source=twitter&id=7&fbclid=XYZ#summary'],
    });
    const posts = [
      climate,
      rawPost('p-plain', 'bob', { text: 'Lovely sunny afternoon at the beach with friends' }),
      rawPost('p-repost', 'dave', { kind: 'repost', referenced_post_id: 'p-climate', text: '' }),
      rawPost('p-carol', 'carol', {
        text: 'Hillary Clinton gave a speech today',
        media_hashes: ['phash:ab12'],
      }),
      rawPost('p-stranger', 'stranger', { text: 'hello' }),
    ];
    await writeRaw(kafka.connection, 'posts.raw', [
      ...posts.map((post) => ({ key: post.id, value: encode(post) })),
      { key: 'bad-date', value: encode({ ...rawPost('bad-date', 'bob'), created_at: 'yesterday' }) },
      { key: 'bad-repost', value: encode({ ...rawPost('bad-repost', 'bob'), kind: 'repost' }) },
    ]);

    const scored = decodeAll(
      scoredPostCodec,
      await readTopicUntil(kafka.connection, 'posts.scored', (seen) => seen.length >= 5),
    );
    expect(scored.map((message) => message.key).sort()).toEqual([
      'alice',
      'bob',
      'carol',
      'dave',
      'stranger',
    ]);
    const byPost = new Map(scored.map((message) => [message.value.post.id, message.value]));
    const climateScored = byPost.get('p-climate')!;
    expect(climateScored.author?.demographics).toEqual({ age_group: '30-44', region: 'north' });
    expect(climateScored.stances.map((stance) => stance.topic_id)).toEqual(['climate']);
    expect(climateScored.models.sentiment).toMatch(/^sentiment-small@/);
    expect(climateScored.models.stance).toMatch(/^stance-small@/);
    expect(byPost.get('p-plain')!.stances).toEqual([]);
    expect(byPost.get('p-plain')!.models.stance).toBeUndefined();
    expect(byPost.get('p-repost')!.author?.author_id).toBe('dave');
    expect(byPost.get('p-carol')!.author).toBeNull(); // deleted by the tombstone
    expect(byPost.get('p-carol')!.stances.map((stance) => stance.topic_id)).toEqual(['hillary']);
    expect(byPost.get('p-stranger')!.author).toBeNull();
    for (const post of scored.map((message) => message.value)) {
      expect(['negative', 'neutral', 'positive']).toContain(post.sentiment.label);
    }

    const observations = decodeAll(
      stanceObservationCodec,
      await readTopicUntil(kafka.connection, 'stance.observations', (seen) => seen.length >= 2),
    );
    expect(observations.map((message) => [message.key, message.value.post_id]).sort()).toEqual([
      ['climate', 'p-climate'],
      ['hillary', 'p-carol'],
    ]);
    const climateObservation = observations.find((message) => message.key === 'climate')!.value;
    expect(climateObservation).toMatchObject({
      author_id: 'alice',
      topic_id: 'climate',
      created_at: '2026-11-01T12:00:00Z',
      demographics: { age_group: '30-44', region: 'north' },
    });
    expect(climateObservation.model).toBe(climateScored.models.stance);
    expect(climateObservation.sentiment_model).toBe(climateScored.models.sentiment);
    expect(climateObservation.stance).toEqual(
      climateScored.stances[0] && {
        label: climateScored.stances[0].label,
        probs: climateScored.stances[0].probs,
      },
    );

    const expectedKeys = [
      'post:p-climate',
      'url:https://www.example.org/report?id=7',
      'domain:example.org',
      'hashtag:climatechange',
      'media:phash:ab12',
    ];
    // 5 named objects and 4 near-duplicate text keys (the default 4 LSH bands) for each of the three texts of 6 words or more.
    const shares = decodeAll(
      shareEventCodec,
      await readTopicUntil(kafka.connection, 'shares', (seen) => seen.length >= expectedKeys.length + 12),
    );
    const keys = new Set(shares.map((message) => message.key));
    for (const key of expectedKeys) expect(keys).toContain(key);
    expect(shares).toHaveLength(expectedKeys.length + 12);
    for (const share of shares) expect(share.key).toBe(share.value.object_id);
    const repost = shares.find((message) => message.key === 'post:p-climate')!.value;
    expect(repost).toMatchObject({ object_kind: 'post', account_id: 'dave', post_id: 'p-repost' });
    const textKeys = shares.filter((message) => message.value.object_kind === 'text');
    expect(new Set(textKeys.map((message) => message.value.post_id))).toEqual(
      new Set(['p-climate', 'p-plain', 'p-carol']),
    ); // 'hello' is too short
    expect(textKeys.filter((message) => message.value.post_id === 'p-climate')).toHaveLength(4);

    const letters = decodeAll(
      deadLetterCodec,
      await readTopicUntil(kafka.connection, 'posts.raw.dlq', (seen) => seen.length >= 2),
    );
    expect(letters.map((letter) => [letter.key, letter.value.error.field]).sort()).toEqual([
      ['bad-date', 'created_at'],
      ['bad-repost', 'referenced_post_id'],
    ]);

    const metrics = await metricsText(scorer!.port);
    expect(metrics).toMatch(
      /riptide_scorer_predictions_total\{model="sentiment-small@[^"]+",label="(negative|neutral|positive)"\} \d+/,
    );
    expect(metrics).toMatch(/riptide_scorer_posts_without_profile_total 2\b/);
    expect(metrics).toMatch(
      /riptide_scorer_inference_seconds_count\{model="stance-small@[^"]+",task="stance"\} [1-9]/,
    );
  });

  it('runs as a process and stops gracefully on SIGTERM: batch finished, group left, resources released', async () => {
    const { started, code, signal, output } = await runScorerUntilSigterm(kafka.connection, {
      SCORER_GROUP_ID: 'scorer-sigterm',
    });
    expect(started, output).toBe(true);
    // Nest re-raises the signal once its shutdown hooks ran, so the process ends by SIGTERM after cleaning up.
    expect(code === 0 || signal === 'SIGTERM', `exit code ${code}, signal ${signal}\n${output}`).toBe(true);
    expect(output, output).toMatch(/"component":"stream:scorer-sigterm".*"msg":"stopped"/);
    expect(output, output).toContain('scoring pipeline stopped: follower group deleted');
  });
});
