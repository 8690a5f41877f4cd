import { applyTopics, createKafka, KafkaConnection, physicalTopic, topicCatalog } from '@riptide/stream';
import { ConfigResourceTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedKafka } from './support/kafka-test-env';

/** KRaft applies metadata changes asynchronously: wait (bounded) until the broker shows them. */
async function eventually(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the broker did not show the change in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('topics as code on the real broker', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  const physical = (name: string) => physicalTopic(kafka.connection, name);

  beforeAll(async () => {
    kafka = await isolatedKafka('topics'); // applies the catalog once
  });
  afterAll(async () => kafka?.cleanup());

  it('is idempotent, and reports and repairs drift', async () => {
    const admin = createKafka(kafka.connection).admin();
    await admin.connect();
    try {
      const again = await applyTopics(admin, topicCatalog, physical);
      expect(again.every((row) => row.change === 'unchanged')).toBe(true);
      expect(again).toHaveLength(topicCatalog.length);

      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: physical('shares'),
            configEntries: [{ name: 'retention.ms', value: '1000' }],
          },
        ],
      });
      await admin.createPartitions({ topicPartitions: [{ topic: physical('opinion.shifts'), count: 5 }] });
      await eventually(async () => {
        const described = await admin.describeConfigs({
          includeSynonyms: false,
          resources: [{ type: ConfigResourceTypes.TOPIC, name: physical('shares') }],
        });
        return (
          described.resources[0].configEntries.find((entry) => entry.configName === 'retention.ms')
            ?.configValue === '1000'
        );
      });

      const dry = await applyTopics(admin, topicCatalog, physical, true);
      expect(dry.find((row) => row.topic === physical('shares'))).toMatchObject({
        change: 'config',
        detail: expect.stringContaining('retention.ms: 1000 -> 604800000'),
      });
      expect(dry.find((row) => row.topic === physical('opinion.shifts'))).toMatchObject({
        change: 'cannot-shrink',
      });

      await applyTopics(admin, topicCatalog, physical);
      await eventually(async () => {
        const repaired = await applyTopics(admin, topicCatalog, physical, true);
        return repaired.find((row) => row.topic === physical('shares'))?.change === 'unchanged';
      });
    } finally {
      await admin.disconnect();
    }
  });
});
