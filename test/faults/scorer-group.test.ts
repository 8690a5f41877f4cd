import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultPipeline, type FaultPipeline } from '../support/faults/fault-pipeline';
import { deliveryOf, reportFault } from '../support/faults/pipeline-checks';
import type { PostTraffic } from '../support/faults/post-traffic';

/** posts.raw consumed by this scorer instance so far (its /metrics). */
async function consumedBy(metrics: string): Promise<number> {
  const line = metrics
    .split('\n')
    .find((entry) => /^riptide_stream_consumed_messages_total\{topic="[^"]*posts\.raw"\}/.test(entry));
  return line ? Number(line.split(' ').pop()) : 0;
}

/**
 * Operators scale the scorer by adding and removing instances of one consumer group; an instance may
 * also die. Two instances share the partitions, one is killed, a third joins, while posts flow.
 */
describe('fault: a scorer group loses an instance and gains one while posts flow', () => {
  let pipeline: FaultPipeline;
  let traffic: PostTraffic;

  beforeAll(async () => {
    pipeline = await startFaultPipeline('group');
    traffic = pipeline.traffic({ postsPerSecond: 150, campaignAccounts: [] });
  }, 300_000);

  afterAll(async () => {
    await pipeline?.destroy();
  });

  it('every accepted post is scored; the survivors share the work', async () => {
    const second = await pipeline.add('scorer');
    traffic.start();
    await sleep(10_000);
    const killedAt = Date.now();
    await pipeline.service('scorer').kill('SIGKILL');
    await sleep(5_000);
    const third = await pipeline.add('scorer');
    const recoverSeconds = Math.round((Date.now() - killedAt) / 100) / 10;
    await sleep(15_000);
    await traffic.drain(120_000);
    const delivery = await deliveryOf(pipeline, traffic.accepted);

    expect(delivery.lost).toBe(0);
    expect(traffic.accepted.size).toBe(traffic.generatedCount);
    expect(await consumedBy(await second.metrics())).toBeGreaterThan(0);
    expect(await consumedBy(await third.metrics())).toBeGreaterThan(0);
    reportFault({
      fault: 'scorer group of 2: one SIGKILLed, a third added, 150 posts/s',
      checked: 'every accepted id on posts.scored; both survivors consumed',
      delivery,
      recoverSeconds,
    });
  }, 600_000);
});
