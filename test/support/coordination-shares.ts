import { simulateCampaigns } from '@riptide/coordination';
import { clusterSnapshotCodec, type ClusterSnapshot, type ShareEvent } from '@riptide/contracts';
import type { ReadMessage } from './kafka-test-env';

/** Event time zero of the simulated stream. */
const START_MS = Date.UTC(2026, 10, 1);

/**
 * A small seeded share stream for the coordination service: organic accounts sharing posts with
 * heavy-tailed popularity, and one planted campaign whose members re-share the same posts within
 * seconds of each other. Shares come in event-time order as ShareEvents (object kind `post`).
 */
export function plantedShareStream(): { shares: ShareEvent[]; planted: string[]; endMs: number } {
  const { shares, campaigns } = simulateCampaigns({
    seed: 11,
    organicAccounts: 300,
    objects: 200,
    organicSharesPerObject: 6,
    campaigns: 1,
    membersPerCampaign: 8,
    pushesPerCampaign: 12,
    durationSeconds: 6 * 3600,
  });
  const events = shares.map((share, index): ShareEvent => ({
    schema: 'share/v1',
    object_id: `post:${share.object}`,
    object_kind: 'post',
    account_id: share.account,
    post_id: `sim-${index}`,
    shared_at: new Date(START_MS + share.time * 1000).toISOString(),
  }));
  return {
    shares: events,
    planted: [...campaigns[0]].sort(),
    endMs: START_MS + shares[shares.length - 1].time * 1000,
  };
}

/** The latest snapshot per cluster id among messages read from coordination.clusters. */
export function latestSnapshots(messages: readonly ReadMessage[]): Map<string, ClusterSnapshot> {
  const latest = new Map<string, ClusterSnapshot>();
  for (const message of messages) {
    const decoded = clusterSnapshotCodec.decode(message.value);
    if (!decoded.ok)
      throw new Error(`coordination.clusters holds an invalid snapshot: ${decoded.error.message}`);
    const known = latest.get(decoded.value.cluster_id);
    if (!known || known.generation < decoded.value.generation)
      latest.set(decoded.value.cluster_id, decoded.value);
  }
  return latest;
}

export function memberIds(snapshot: ClusterSnapshot): string[] {
  return snapshot.members.map((member) => member.account_id).sort();
}
