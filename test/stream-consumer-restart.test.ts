import { postCodec, type Post } from '@riptide/contracts';
import { healthRegistry, metricsRegistry } from '@riptide/observability';
import {
  BatchConsumer,
  type BatchConsumerOptions,
  type InboundMessage,
  type KafkaConnection,
  type PartitionAssigned,
} from '@riptide/stream';
import { KafkaJSNonRetriableError } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedKafka, readTopicUntil, writeRaw } from './support/kafka-test-env';
import { clientPost } from './support/post-fixtures';

const encoded = (id: string) => Buffer.from(JSON.stringify({ schema: 'post/v1', ...clientPost(id) }));

async function restartsOf(group: string): Promise<number> {
  const text = await metricsRegistry.getSingleMetricAsString('riptide_stream_consumer_restarts_total');
  const line = text.split('\n').find((entry) => entry.includes(`group="${group}"`));
  return line ? Number(line.split(' ').pop()) : 0;
}

/**
 * A state rebuild that fails is the runtime's problem, not a poison message: kafkajs retries the batch
 * (plain errors) or stops the consumer for good (its non-retriable errors, CRASH with restart: false).
 * Either way the consumer must report not ready while it makes no progress, come back by itself, lose
 * nothing, and give up loudly when it cannot.
 */
describe('libs/stream: a consumer never dies silently', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };

  beforeAll(async () => {
    kafka = await isolatedKafka('restart');
  });

  afterAll(async () => {
    await kafka?.cleanup();
  });

  function forwardingConsumer(
    groupId: string,
    rebuild: (assigned: PartitionAssigned) => Promise<void>,
    options: Partial<BatchConsumerOptions> = {},
  ): BatchConsumer {
    return new BatchConsumer({
      connection: kafka.connection,
      groupId,
      restartTimeoutMs: 60_000,
      onUnrecoverable: (error) => {
        throw error;
      },
      ...options,
      subscriptions: [
        {
          topic: 'posts.raw',
          codec: postCodec,
          handler: (messages: InboundMessage<unknown>[]) =>
            (messages as InboundMessage<Post>[]).map((message) => ({
              topic: 'posts.scored',
              key: message.value.id,
              value: message.raw,
            })),
          onPartitionAssigned: rebuild,
        },
      ],
    });
  }

  /** One failure, then success; on the retry it records what readiness said of the consumer. */
  function failingOnce(groupId: string, failure: () => Error) {
    const seen: { readyOnRetry?: boolean; reason?: string } = {};
    let failed = false;
    const rebuild = async () => {
      if (!failed) {
        failed = true;
        throw failure();
      }
      if (seen.readyOnRetry === undefined) {
        const readiness = await healthRegistry.readiness();
        seen.readyOnRetry = readiness.checks[`kafka-consumer:${groupId}`];
        seen.reason = readiness.failing[`kafka-consumer:${groupId}`];
      }
    };
    return { seen, rebuild };
  }

  /**
   * The distinct keys on posts.scored of one test's posts (each test's ids carry its group name), once
   * `count` arrived: a retried batch is delivered again (at-least-once), so duplicates are expected.
   */
  async function forwardedOf(group: string, count: number): Promise<Set<string>> {
    const mine = (all: { key: string | null }[]) =>
      new Set(all.map((message) => message.key ?? '').filter((key) => key.startsWith(`${group}-`)));
    return mine(await readTopicUntil(kafka.connection, 'posts.scored', (all) => mine(all).size >= count));
  }

  async function writePosts(prefix: string, count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    await writeRaw(
      kafka.connection,
      'posts.raw',
      ids.map((id) => ({ key: id, value: encoded(id) })),
    );
    return ids;
  }

  it('a rebuild that fails once: not ready until a batch succeeds, then every message arrives', async () => {
    const { seen, rebuild } = failingOnce('retried', () => new Error('rebuild failed: store unreachable'));
    const ids = await writePosts('retried', 50);
    const consumer = forwardingConsumer('retried', rebuild);
    await consumer.start();
    try {
      const forwarded = await forwardedOf('retried', 50);
      expect(forwarded).toEqual(new Set(ids));
      expect(seen.readyOnRetry).toBe(false);
      expect(seen.reason).toMatch(/failing every batch for \d+ s: rebuild failed: store unreachable/);
      expect((await healthRegistry.readiness()).checks['kafka-consumer:retried']).toBe(true);
    } finally {
      await consumer.stop();
    }
  });

  it('kafkajs gives up on the consumer (non-retriable error): the runtime restarts it, nothing is lost', async () => {
    const { seen, rebuild } = failingOnce(
      'crashed',
      () => new KafkaJSNonRetriableError('The number 1796294509577.1504 cannot be converted to a BigInt'),
    );
    const consumer = forwardingConsumer('crashed', rebuild);
    await consumer.start();
    const ids = await writePosts('crashed', 50);
    try {
      const forwarded = await forwardedOf('crashed', 50);
      expect(forwarded).toEqual(new Set(ids));
      expect(await restartsOf('crashed')).toBe(1);
      expect(seen.readyOnRetry).toBe(false);
      expect((await healthRegistry.readiness()).checks['kafka-consumer:crashed']).toBe(true);
    } finally {
      await consumer.stop();
    }
  });

  it('a consumer that cannot come back gives up after the timeout, naming its group and the cause', async () => {
    const givenUp: Error[] = [];
    const consumer = forwardingConsumer(
      'hopeless',
      async () => {
        throw new KafkaJSNonRetriableError('rebuild failed: store unreachable');
      },
      { restartTimeoutMs: 4_000, onUnrecoverable: (error) => givenUp.push(error) },
    );
    await writePosts('hopeless', 5);
    await consumer.start();
    try {
      for (let waited = 0; givenUp.length === 0 && waited < 30_000; waited += 250) await sleep(250);
      expect(givenUp).toHaveLength(1);
      expect(givenUp[0].message).toMatch(/consumer group hopeless has been .* for \d+ s \(limit 4 s\)/);
      expect(givenUp[0].message).toContain('rebuild failed: store unreachable');
      const readiness = await healthRegistry.readiness();
      expect(readiness.ready).toBe(false);
      expect(readiness.failing['kafka-consumer:hopeless']).toContain('store unreachable');
    } finally {
      await consumer.stop();
    }
  });
});
