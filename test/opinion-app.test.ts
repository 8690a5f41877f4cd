import { opinionEstimateCodec, stanceObservationCodec, type StanceObservation } from '@riptide/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opinionConfigFromEnv } from '../apps/opinion/src/opinion-config';
import { startOpinion, type OpinionService } from '../apps/opinion/src/main';
import { isolatedKafka, readTopicUntil, writeRaw } from './support/kafka-test-env';

// The opinion service in process on the real broker: observations in, estimates out for the bucket the
// stream stopped in (the quiet close keeps looking until the clock passes its end), and an undecodable
// observation on the dead-letter topic with the consumer going on.
const BUCKET_MS = 2_000;

function observation(index: number, createdAt: Date): StanceObservation {
  const favor = index % 3 === 0;
  return {
    schema: 'stance-observation/v1',
    post_id: `p${index}`,
    author_id: `a${index % 40}`,
    topic_id: 'climate',
    created_at: createdAt.toISOString(),
    stance: favor ? { label: 'favor', probs: [0.1, 0.1, 0.8] } : { label: 'against', probs: [0.1, 0.7, 0.2] },
    sentiment: { label: 'neutral', probs: [0.2, 0.6, 0.2] },
    demographics: { age_group: index % 2 === 0 ? '18-29' : '65+', region: 'north' },
    model: 'stance-small@1.3.0',
    sentiment_model: 'sentiment-small@1.3.0',
  };
}

describe('opinion service', () => {
  let service: OpinionService;
  let kafka: Awaited<ReturnType<typeof isolatedKafka>>;

  beforeAll(async () => {
    kafka = await isolatedKafka('opinion-app');
    service = await startOpinion(
      opinionConfigFromEnv({
        KAFKA_BROKERS: kafka.connection.brokers.join(','),
        RIPTIDE_TOPIC_PREFIX: kafka.connection.topicPrefix,
        OPINION_HTTP_PORT: '0',
        RIPTIDE_OPINION_BUCKET_WIDTH_MS: String(BUCKET_MS),
        OPINION_LATENESS_S: '0.5',
        OPINION_QUIET_CLOSE_S: '0.5',
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    await kafka?.cleanup();
  });

  it('publishes the estimates of the bucket the stream stopped in, and dead-letters what does not decode', async () => {
    // Wait for the consumer to hold its partitions, then write into the current bucket only.
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${service.httpPort}/ready`)).status, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(200);
    const now = Date.now();
    const createdAt = new Date(Math.floor(now / BUCKET_MS) * BUCKET_MS + 10);
    await writeRaw(kafka.connection, 'stance.observations', [
      { key: 'climate', value: 'not json at all' },
      ...Array.from({ length: 60 }, (_, index) => ({
        key: 'climate',
        value: stanceObservationCodec.encode(observation(index, createdAt)),
      })),
    ]);

    const estimates = await readTopicUntil(
      kafka.connection,
      'opinion.estimates',
      (messages) => messages.length > 0,
      30_000,
    );
    const decoded = estimates.map((message) => opinionEstimateCodec.decode(message.value));
    const population = decoded.find(
      (result) =>
        result.ok && result.value.measure === 'stance' && Object.keys(result.value.group).length === 0,
    );
    expect(population?.ok && population.value).toMatchObject({
      topic_id: 'climate',
      n: 60,
      bucket_start: new Date(createdAt.getTime() - 10).toISOString(),
      correction: 'pacc',
    });
    // Raw counts the labels the classifier chose: 20 of the 60 said favor.
    if (population?.ok) expect(population.value.raw.favor.share).toBeCloseTo(20 / 60, 6);

    const dead = await readTopicUntil(
      kafka.connection,
      'stance.observations.dlq',
      (messages) => messages.length > 0,
    );
    expect(dead[0].key).toBe('climate');
  }, 90_000);
});
