import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultPipeline, type FaultPipeline, type PipelineRole } from '../support/faults/fault-pipeline';
import { campaignCluster, deliveryOf, reportFault } from '../support/faults/pipeline-checks';
import type { PostTraffic } from '../support/faults/post-traffic';

const CAMPAIGN = Array.from({ length: 6 }, (_, i) => `campaign-kill-${i}`);
const ROLES: readonly PipelineRole[] = ['ingest', 'scorer', 'detect', 'cluster'];

/**
 * A process that dies without warning (SIGKILL: no batch finished, no offset committed, no group left)
 * and is started again by its supervisor. Each service in turn, while posts flow.
 */
describe('fault: each service killed with SIGKILL mid-stream and restarted', () => {
  let pipeline: FaultPipeline;
  let traffic: PostTraffic;

  beforeAll(async () => {
    pipeline = await startFaultPipeline('kill');
    traffic = pipeline.traffic({ postsPerSecond: 100, campaignAccounts: CAMPAIGN });
  }, 300_000);

  afterAll(async () => {
    await pipeline?.destroy();
  });

  it('nothing is lost and the campaign keeps its cluster id', async () => {
    traffic.start();
    const before = await campaignCluster(pipeline, CAMPAIGN, 0, 4);
    const recovery: Record<string, number> = {};
    let lastRestart = 0;
    for (const role of ROLES) {
      await sleep(5_000);
      const service = pipeline.service(role);
      const killedAt = Date.now();
      expect(await service.kill('SIGKILL')).toBeNull();
      await service.start();
      lastRestart = Date.now();
      recovery[role] = Math.round((lastRestart - killedAt) / 100) / 10;
    }
    await sleep(10_000);
    await traffic.drain(120_000);
    const delivery = await deliveryOf(pipeline, traffic.accepted);
    const after = await campaignCluster(pipeline, CAMPAIGN, lastRestart, 4);

    expect(delivery.lost).toBe(0);
    expect(traffic.accepted.size).toBe(traffic.generatedCount);
    // Stable ids: the restarted cluster role continues from the published snapshots.
    expect(after.cluster_id).toBe(before.cluster_id);
    expect(after.generation).toBeGreaterThan(before.generation);
    for (const service of pipeline.services)
      expect((await service.ready()).status, service.spec.name).toBe(200);

    for (const role of ROLES)
      reportFault({
        fault: `SIGKILL of ${role}, restarted at once, 100 posts/s`,
        checked: 'every accepted id on posts.scored (all four kills together); campaign cluster id kept',
        delivery,
        recoverSeconds: recovery[role],
      });
  }, 600_000);
});
