import { simulateCampaigns } from '@riptide/coordination';
import { clusterSnapshotCodec, type CoordinationEdge, type ShareEvent } from '@riptide/contracts';
import { describe, expect, it } from 'vitest';
import { coordinationConfigFromEnv } from '../coordination-config';
import { PartitionDetector } from '../detect/partition-detector';
import { ClusterBuilder } from './cluster-builder';

const settings = {
  ...coordinationConfigFromEnv({}).cluster,
  halfLifeSeconds: 7 * 24 * 3600,
  snapshotEveryEdges: 1_000_000,
  snapshotIntervalSeconds: 1e9,
};

/** Edges of a small simulated stream with two planted campaigns, as the detect role would emit them. */
function simulatedEdges(): { edges: CoordinationEdge[]; campaigns: readonly (readonly string[])[] } {
  const { shares, campaigns } = simulateCampaigns({
    organicAccounts: 400,
    objects: 300,
    campaigns: 2,
    membersPerCampaign: 8,
    durationSeconds: 24 * 3600,
  });
  const detector = new PartitionDetector({
    windows: {},
    allowedLatenessSeconds: 30,
    maxSharesPerObject: 10_000,
  });
  const edges: CoordinationEdge[] = [];
  shares.forEach((share, index) => {
    const event: ShareEvent = {
      schema: 'share/v1',
      object_id: `post:${share.object}`,
      object_kind: 'post',
      account_id: share.account,
      post_id: `p${index}`,
      shared_at: new Date(share.time * 1000).toISOString(),
    };
    edges.push(...detector.detect(event, '2026-01-01T00:00:00.000Z'));
  });
  return { edges, campaigns };
}

describe('ClusterBuilder', () => {
  const { edges, campaigns } = simulatedEdges();

  it('finds each planted campaign as one cluster, in valid cluster/v1 snapshots', () => {
    const builder = new ClusterBuilder(settings);
    for (const edge of edges) builder.add(edge);
    expect(builder.snapshotDue()).toBe(true);
    const snapshots = builder.snapshot();
    for (const snapshot of snapshots)
      expect(clusterSnapshotCodec.check(JSON.parse(JSON.stringify(snapshot)))).toMatchObject({ ok: true });
    for (const members of campaigns) {
      const holding = snapshots.find((snapshot) =>
        snapshot.members.some((member) => member.account_id === members[0]),
      );
      expect(holding?.members.map((member) => member.account_id).sort()).toEqual([...members].sort());
      expect(holding?.signals['co-post']).toBe(holding?.edge_count);
    }
    expect(builder.snapshotDue()).toBe(false);
  });

  it('after a restart from the published snapshots and a replay, rebuilds the same clusters under the same ids', () => {
    const first = new ClusterBuilder(settings);
    for (const edge of edges) first.add(edge);
    const before = first.snapshot();

    const restarted = new ClusterBuilder(settings);
    restarted.resume(before);
    for (const edge of edges) restarted.add(edge);
    const after = restarted.snapshot();
    const shape = (snapshots: typeof before) =>
      snapshots.map((s) => ({
        id: s.cluster_id,
        status: s.status,
        members: s.members.map((m) => m.account_id),
      }));
    expect(shape(after)).toEqual(shape(before));
    expect(after.map((s) => s.generation)).toEqual(before.map((s) => s.generation + 1));
  });

  it('folds edges delivered twice like edges delivered once: the same weights, the same snapshots', () => {
    const once = new ClusterBuilder(settings);
    for (const edge of edges) expect(once.add(edge)).toBe(true);
    const twice = new ClusterBuilder(settings);
    // A redelivered stretch (each edge again at once) and then a full replay of the whole stream.
    for (const edge of edges) {
      twice.add(edge);
      twice.add({ ...edge, detected_at: '2026-01-02T00:00:00.000Z' });
    }
    expect(edges.filter((edge) => twice.add(edge))).toEqual([]);
    expect(twice.stats()).toEqual(once.stats());
    const snapshots = once.snapshot();
    expect(snapshots.length).toBeGreaterThan(0);
    expect(twice.snapshot()).toEqual(snapshots);
  });

  it('tells a co-share from its copy by the posts, not the accounts: a new co-share of the same pair counts', () => {
    const builder = new ClusterBuilder(settings);
    const [edge] = edges;
    expect(builder.add(edge)).toBe(true);
    expect(builder.add({ ...edge, post_a: edge.post_b, post_b: edge.post_a })).toBe(false);
    expect(builder.add({ ...edge, post_a: `${edge.post_a}-again` })).toBe(true);
  });

  it('publishes a final dissolved snapshot for a cluster that faded away', () => {
    const builder = new ClusterBuilder(settings);
    for (const edge of edges) builder.add(edge);
    const active = builder.snapshot().filter((snapshot) => snapshot.status === 'active');
    expect(active.length).toBeGreaterThan(0);
    // One fresh edge a year (52 half-lives) later: everything else has decayed away.
    const last = edges[edges.length - 1];
    const later = new Date(Date.parse(last.at_b) + 365 * 86_400_000).toISOString();
    builder.add({
      ...last,
      account_a: 'late-a',
      account_b: 'late-b',
      at_a: later,
      at_b: later,
      delta_t_s: 0,
    });
    const next = builder.snapshot();
    expect(
      next
        .filter((snapshot) => snapshot.status === 'dissolved')
        .map((s) => s.cluster_id)
        .sort(),
    ).toEqual(active.map((s) => s.cluster_id).sort());
    expect(builder.stats().clusters).toBe(0);
  });

  it('snapshots after the configured number of edges or span of event time', () => {
    const builder = new ClusterBuilder({ ...settings, snapshotEveryEdges: 3, snapshotIntervalSeconds: 3600 });
    builder.add(edges[0]);
    builder.snapshot();
    builder.add(edges[1]);
    expect(builder.snapshotDue()).toBe(false);
    builder.add(edges[2]);
    builder.add(edges[3]);
    expect(builder.snapshotDue()).toBe(true);
  });
});
