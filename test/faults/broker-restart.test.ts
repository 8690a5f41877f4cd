import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultPipeline, type FaultPipeline } from '../support/faults/fault-pipeline';
import {
  campaignCluster,
  deliveryOf,
  edgesSince,
  ReadinessLog,
  reportFault,
  snapshotsSince,
} from '../support/faults/pipeline-checks';
import type { PostTraffic } from '../support/faults/post-traffic';

const CAMPAIGN = Array.from({ length: 6 }, (_, i) => `campaign-broker-${i}`);
const OUTAGE_MS = 30_000;

/**
 * Issue 16's first finding: a broker restart left the cluster role a zombie (200 on /ready, consuming
 * nothing) and ingest hanging. Here the broker is stopped for 30 s and started again while posts flow
 * through ingest, scorer and both coordination roles, and nobody touches the services.
 */
describe('fault: the broker stops for 30 s and comes back while posts flow', () => {
  let pipeline: FaultPipeline;
  let traffic: PostTraffic;
  const readiness = new ReadinessLog(() => pipeline.services);

  beforeAll(async () => {
    pipeline = await startFaultPipeline('broker');
    traffic = pipeline.traffic({ postsPerSecond: 100, campaignAccounts: CAMPAIGN });
  }, 300_000);

  afterAll(async () => {
    await readiness.stop();
    await pipeline?.destroy();
  });

  it('every service recovers unattended, /ready tells the truth, every accepted post is scored', async () => {
    traffic.start();
    readiness.start();
    await campaignCluster(pipeline, CAMPAIGN, 0, 4);

    const stoppedAt = Date.now();
    await pipeline.broker.stop();
    await sleep(OUTAGE_MS);
    const restartedAt = Date.now();
    await pipeline.broker.start();
    const brokerBackAt = Date.now();

    await Promise.all(pipeline.services.map((service) => service.waitUntilReady(120_000)));
    const recoveredAt = Date.now();
    await sleep(15_000);
    await traffic.drain(120_000);
    const delivery = await deliveryOf(pipeline, traffic.accepted);
    const edgesAfter = await edgesSince(pipeline, restartedAt);
    const clusterAfter = await campaignCluster(pipeline, CAMPAIGN, recoveredAt, 4);
    await readiness.stop();

    for (const service of pipeline.services) {
      expect(service.running, `${service.spec.name} is still running`).toBe(true);
      // Down within the grace (10 s) plus a probe, during the outage: every /ready said so.
      expect(
        readiness.statuses(service.spec.name, stoppedAt + 15_000, restartedAt),
        service.spec.name,
      ).toContain(503);
      expect(readiness.notReadyBody(service.spec.name, stoppedAt, restartedAt)).toMatch(/kafka-broker/);
      expect((await service.ready()).status, `${service.spec.name} ready after the restart`).toBe(200);
    }
    expect(traffic.statuses.get(503) ?? 0, 'ingest refused posts during the outage').toBeGreaterThan(0);
    expect(delivery.lost).toBe(0);
    expect(traffic.accepted.size).toBe(traffic.generatedCount);
    expect(edgesAfter).toBeGreaterThan(0);
    expect(clusterAfter.members.length).toBeGreaterThanOrEqual(4);
    expect((await snapshotsSince(pipeline, recoveredAt)).length).toBeGreaterThan(0);

    // Seconds from the broker answering again to each service's first 200: what an operator waits for.
    const recovery = Object.fromEntries([
      ['broker start', Math.round((brokerBackAt - restartedAt) / 100) / 10],
      ...pipeline.services.map((service) => [
        service.spec.name,
        Math.round(
          ((readiness.firstReadyAfter(service.spec.name, brokerBackAt) ?? recoveredAt) - brokerBackAt) / 100,
        ) / 10,
      ]),
    ]);
    reportFault({
      fault: 'broker stopped 30 s, restarted, 100 posts/s through ingest',
      checked: 'every accepted id on posts.scored; /ready 503 during, 200 after; edges and snapshots after',
      delivery,
      recoverSeconds: JSON.stringify(recovery),
    });
  }, 600_000);
});
