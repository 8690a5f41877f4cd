import {
  authorProfileCodec,
  coordinationEdgeCodec,
  deadLetterCodec,
  postCodec,
  scoredPostCodec,
  shareEventCodec,
  type Codec,
  type DeadLetter,
} from '@riptide/contracts';
import { createKafka, physicalTopic, topicEndOffsets, type KafkaConnection } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coordinationConfigFromEnv } from '../../apps/coordination/src/coordination-config';
import {
  CLUSTER_GROUP,
  DETECT_GROUP,
  startCoordination,
  type CoordinationService,
} from '../../apps/coordination/src/main';
import { startScorer, type RunningScorer } from '../../apps/scorer/src/main';
import { scorerConfigFromEnv } from '../../apps/scorer/src/scorer-config';
import { hostileValues, type HostileValue } from '../support/hostile-bytes';
import { isolatedKafka, readTopicUntil, writeRaw } from '../support/kafka-test-env';
import { authorProfile, rawPost } from '../support/scorer-fixtures';

interface ConsumedTopic {
  readonly topic: string;
  readonly group: string;
  readonly codec: Codec<unknown>;
  readonly valid: Record<string, unknown>;
}

const CONSUMED: readonly ConsumedTopic[] = [
  { topic: 'posts.raw', group: 'scorer', codec: postCodec, valid: { ...rawPost('valid-post', 'alice') } },
  {
    topic: 'shares',
    group: DETECT_GROUP,
    codec: shareEventCodec,
    valid: {
      schema: 'share/v1',
      object_id: 'post:1790000000000000001',
      object_kind: 'post',
      account_id: '43',
      post_id: 'p9',
      shared_at: '2026-11-01T12:00:05Z',
    },
  },
  {
    topic: 'coordination.edges',
    group: CLUSTER_GROUP,
    codec: coordinationEdgeCodec,
    valid: {
      schema: 'coordination-edge/v1',
      signal: 'co-url',
      object_id: 'url:https://example.org/a',
      account_a: '1001',
      account_b: '200',
      post_a: 'p1',
      post_b: 'p2',
      at_a: '2026-11-01T12:00:00Z',
      at_b: '2026-11-01T12:00:07.5Z',
      delta_t_s: 7.5,
      detected_at: '2026-11-01T12:00:08Z',
    },
  },
];

async function deadLettersOf(
  connection: KafkaConnection,
  topic: string,
  atLeast: number,
): Promise<DeadLetter[]> {
  const messages = await readTopicUntil(
    connection,
    `${topic}.dlq`,
    (seen) => seen.length >= atLeast,
    120_000,
  );
  return messages.map((message) => {
    const decoded = deadLetterCodec.decode(message.value);
    if (!decoded.ok) throw new Error(`an unreadable dead letter: ${decoded.error.message}`);
    return decoded.value;
  });
}

/** Every refused value is on the dead-letter topic with a code and a reason a person can act on. */
function expectDeadLettered(topic: string, refused: HostileValue[], letters: DeadLetter[]): void {
  const byBytes = new Map(letters.map((letter) => [letter.value_base64, letter]));
  for (const { kind, value } of refused) {
    const letter = byBytes.get(value.toString('base64'));
    expect(letter, `${topic}: ${kind} is on the dead-letter topic`).toBeDefined();
    expect(letter!.error.message.length, kind).toBeGreaterThan(10);
    expect(letter!.error.code).toMatch(/^[a-z_]+$/);
  }
}

/** Valid messages written after the hostile ones, on the same partition: they must get through. */
const SENTINELS = 5;
const KEY = 'hostile';

async function committedOffset(connection: KafkaConnection, group: string, topic: string, partition: number) {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({
      groupId: physicalTopic(connection, group),
      topics: [physicalTopic(connection, topic)],
    });
    return BigInt(entry.partitions.find((p) => p.partition === partition)?.offset ?? '-1');
  } finally {
    await admin.disconnect();
  }
}

/**
 * Bytes no Riptide producer would write, written straight to every topic a Riptide consumer reads:
 * each that breaks the topic's contract lands on `<topic>.dlq` with a reason; none stops the consumer;
 * the valid messages behind them on the same partition are processed.
 */
describe('fault: hostile bytes on every consumed topic', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let scorer: RunningScorer | undefined;
  const coordination: CoordinationService[] = [];

  beforeAll(async () => {
    kafka = await isolatedKafka('hostile-topics');
    scorer = await startScorer({ ...scorerConfigFromEnv({ SCORER_PORT: '0' }), kafka: kafka.connection });
    const defaults = coordinationConfigFromEnv({});
    for (const role of ['detect', 'cluster'] as const)
      coordination.push(
        await startCoordination(
          { ...defaults, role, httpPort: 0, kafka: kafka.connection },
          { sessionTimeoutMs: 10_000 },
        ),
      );
  });

  afterAll(async () => {
    for (const service of coordination) await service.close();
    await scorer?.close();
    await kafka?.cleanup();
  });

  it.each(CONSUMED)(
    '$topic: hostile values are dead-lettered with a reason and the partition keeps flowing',
    async (consumed) => {
      const hostile = hostileValues(String(consumed.valid.schema), consumed.valid);
      const refused = hostile.filter(({ value }) => !consumed.codec.decode(value).ok);
      // Most hostile values break any contract; a Post keeps unknown fields on `extra`, so a few are valid posts.
      expect(refused.length).toBeGreaterThanOrEqual(hostile.length - 4);
      const sentinels = Array.from({ length: SENTINELS }, () => JSON.stringify(consumed.valid));
      const before = await topicEndOffsets(kafka.connection, consumed.topic);
      await writeRaw(kafka.connection, consumed.topic, [
        ...hostile.map(({ value }) => ({ key: KEY, value })),
        ...sentinels.map((value) => ({ key: KEY, value })),
      ]);

      expectDeadLettered(
        consumed.topic,
        refused,
        await deadLettersOf(kafka.connection, consumed.topic, refused.length),
      );

      // The one partition the shared key put them all on (other tests' outputs may sit on others).
      const written = BigInt(hostile.length + SENTINELS);
      const [partition, end] = [...(await topicEndOffsets(kafka.connection, consumed.topic))].find(
        ([p, high]) => BigInt(high) - BigInt(before.get(p) ?? '0') >= written,
      )!;
      let committed = -1n;
      for (let waited = 0; committed < BigInt(end) && waited < 60_000; waited += 500) {
        committed = await committedOffset(kafka.connection, consumed.group, consumed.topic, partition);
        if (committed < BigInt(end)) await sleep(500);
      }
      // Every hostile message and every sentinel behind them was consumed and committed.
      expect(committed).toBe(BigInt(end));
      process.stderr.write(
        `[hostile-topics] ${consumed.topic}: ${hostile.length} hostile values, ${refused.length} dead-lettered, ` +
          `${hostile.length - refused.length} valid under the contract; partition ${partition} committed to ${committed}\n`,
      );
    },
  );

  it('authors (followed by every scorer): hostile values are dead-lettered and the profile behind them is joined', async () => {
    const valid = authorProfile('hostile-sentinel', { region: 'north' }) as unknown as Record<
      string,
      unknown
    >;
    const hostile = hostileValues(String(valid.schema), valid);
    const refused = hostile.filter(({ value }) => !authorProfileCodec.decode(value).ok);
    expect(refused.length).toBeGreaterThanOrEqual(hostile.length - 1);
    await writeRaw(kafka.connection, 'authors', [
      ...hostile.map(({ value }) => ({ key: 'hostile-sentinel', value })),
      { key: 'hostile-sentinel', value: JSON.stringify(valid) },
    ]);
    expectDeadLettered('authors', refused, await deadLettersOf(kafka.connection, 'authors', refused.length));

    // The valid profile behind them reached the scorer's table: a post by that author is scored with it.
    for (let attempt = 0; ; attempt++) {
      const id = `by-sentinel-${attempt}`;
      await writeRaw(kafka.connection, 'posts.raw', [
        { key: id, value: JSON.stringify(rawPost(id, 'hostile-sentinel')) },
      ]);
      const scored = await readTopicUntil(kafka.connection, 'posts.scored', (seen) =>
        seen.some((message) => message.value.includes(id)),
      );
      const mine = scored
        .map((message) => scoredPostCodec.decode(message.value))
        .find((decoded) => decoded.ok && decoded.value.post.id === id);
      if (mine?.ok && mine.value.author?.demographics.region === 'north') break;
      expect(attempt, 'the profile behind the hostile values was never joined').toBeLessThan(20);
      await sleep(1_000);
    }
  });
});
