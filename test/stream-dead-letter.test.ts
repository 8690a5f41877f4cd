import type { INestMicroservice } from '@nestjs/common';
import { deadLetterCodec } from '@riptide/contracts';
import { metricsRegistry } from '@riptide/observability';
import type { KafkaConnection } from '@riptide/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedKafka, readTopicUntil, writeRaw } from './support/kafka-test-env';
import { startForwardingService } from './support/forwarding-service';
import { clientPost } from './support/post-fixtures';

const encoded = (id: string, overrides = {}) =>
  Buffer.from(JSON.stringify({ schema: 'post/v1', ...clientPost(id, overrides) }));

describe('libs/stream transport: dead letters never block a partition', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let service: INestMicroservice;

  beforeAll(async () => {
    kafka = await isolatedKafka('dlq');
    service = await startForwardingService(kafka.connection, 'forwarder', 4);
  });

  afterAll(async () => {
    await service?.close();
    await kafka?.cleanup();
  });

  it('routes undecodable, invalid and handler-crashing messages to posts.raw.dlq with the reason and processes the rest', async () => {
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x7b]);
    const invalid = JSON.stringify({
      schema: 'post/v1',
      ...clientPost('invalid-1', { created_at: 'not a date' }),
    });
    // One key so that all land on one partition, in this order: the poison sits between valid posts.
    const key = 'same-partition';
    await writeRaw(kafka.connection, 'posts.raw', [
      { key, value: encoded('ok-1') },
      { key, value: garbage },
      { key, value: encoded('ok-2') },
      { key, value: invalid },
      { key, value: encoded('ok-3') },
      { key, value: encoded('poison-1', { text: 'POISON' }) },
      { key, value: encoded('flaky-1', { text: 'FLAKY' }) },
      ...Array.from({ length: 20 }, (_, i) => ({ key, value: encoded(`after-${i}`) })),
    ]);

    const forwarded = await readTopicUntil(kafka.connection, 'posts.scored', (seen) => seen.length >= 24);
    const ids = forwarded.map((message) => message.key);
    // The flaky post was retried, not split off and dead-lettered: it arrives like the others.
    expect(new Set(ids)).toEqual(
      new Set(['ok-1', 'ok-2', 'ok-3', 'flaky-1', ...Array.from({ length: 20 }, (_, i) => `after-${i}`)]),
    );

    const letters = (await readTopicUntil(kafka.connection, 'posts.raw.dlq', (seen) => seen.length >= 3)).map(
      (message) => {
        const decoded = deadLetterCodec.decode(message.value);
        if (!decoded.ok) throw new Error(decoded.error.message);
        return decoded.value;
      },
    );
    expect(letters.map((letter) => letter.error.code)).toEqual([
      'invalid_json',
      'schema_violation',
      'handler_failed',
    ]);
    expect(Buffer.from(letters[0].value_base64, 'base64')).toEqual(garbage);
    expect(letters[1].error.field).toBe('created_at');
    expect(letters[1].error.message).toMatch(/created_at/);
    expect(letters[2].error.message).toMatch(/POISON/);
    expect(JSON.parse(Buffer.from(letters[2].value_base64, 'base64').toString()).id).toBe('poison-1');
    expect(letters).toHaveLength(3);

    // Pipeline health is visible to Prometheus: dead letters by code, retries, consumer lag per partition.
    const metrics = await metricsRegistry.metrics();
    expect(metrics).toMatch(
      /riptide_stream_dead_letters_total\{topic="[^"]*posts\.raw",code="invalid_json"\} 1/,
    );
    expect(metrics).toMatch(/riptide_stream_retries_total\{stage="handler"\} [1-9]/);
    expect(metrics).toMatch(
      /riptide_stream_consumer_lag_messages\{topic="[^"]*posts\.raw",partition="\d"\} 0/,
    );
    expect(metrics).toMatch(/riptide_stream_batch_processing_seconds_count\{topic="[^"]*posts\.raw"\} [1-9]/);

    for (const letter of letters) {
      expect(letter.topic).toBe(`${kafka.connection.topicPrefix}posts.raw`);
      expect(letter.consumer_group).toBe('forwarder');
      expect(Buffer.from(letter.key_base64 ?? '', 'base64').toString()).toBe(key);
    }
  });
});
