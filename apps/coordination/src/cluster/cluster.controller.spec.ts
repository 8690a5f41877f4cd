import { simulateCampaigns } from '@riptide/coordination';
import {
  clusterSnapshotCodec,
  type ClusterSnapshot,
  type CoordinationEdge,
  type ShareEvent,
} from '@riptide/contracts';
import type { InboundMessage, OutboundMessage, OutOfBatchSink } from '@riptide/stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coordinationConfigFromEnv, type CoordinationConfig } from '../coordination-config';
import { PartitionDetector } from '../detect/partition-detector';
import { ClusterController } from './cluster.controller';

const defaults = coordinationConfigFromEnv({});
// The default snapshot triggers (5,000 edges or 60 s of event time); a week's half-life keeps the day at full weight.
const config: CoordinationConfig = {
  ...defaults,
  cluster: { ...defaults.cluster, halfLifeSeconds: 7 * 24 * 3600, snapshotQuietSeconds: 2 },
};

class RecordingSink implements OutOfBatchSink {
  readonly sent: OutboundMessage[] = [];
  async send(messages: readonly OutboundMessage[]): Promise<void> {
    this.sent.push(...messages);
  }
  async disconnect(): Promise<void> {}
}

/** One planted campaign's co-share edges as the detect role emits them, in event-time order. */
function campaignEdges(): { edges: CoordinationEdge[]; members: string[] } {
  const { shares, campaigns } = simulateCampaigns({
    organicAccounts: 300,
    objects: 200,
    campaigns: 1,
    membersPerCampaign: 8,
    durationSeconds: 12 * 3600,
  });
  const detector = new PartitionDetector(config.detect);
  const edges = shares.flatMap((share, index) => {
    const event: ShareEvent = {
      schema: 'share/v1',
      object_id: `post:${share.object}`,
      object_kind: 'post',
      account_id: share.account,
      post_id: `p${index}`,
      shared_at: new Date(share.time * 1000).toISOString(),
    };
    return detector.detect(event, '2026-01-01T00:00:00.000Z');
  });
  return { edges, members: [...campaigns[0]].sort() };
}

function batch(edges: readonly CoordinationEdge[]): InboundMessage<CoordinationEdge>[] {
  return edges.map((value, index) => ({
    topic: 'coordination.edges',
    partition: 0,
    offset: String(index),
    key: 'coordination',
    value,
    raw: Buffer.alloc(0),
    timestamp: '0',
  }));
}

function decoded(messages: readonly OutboundMessage[]): ClusterSnapshot[] {
  return messages.map((message) => {
    const snapshot = clusterSnapshotCodec.decode(Buffer.from(message.value));
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    return snapshot.value;
  });
}

describe('ClusterController', () => {
  const { edges, members } = campaignEdges();
  // An edge newer than the whole campaign: once it is folded, the campaign's edges move event time on no further.
  const newest = edges[edges.length - 1];
  const later = new Date(Date.parse(newest.at_b) + 3600_000).toISOString();
  const opening: CoordinationEdge = {
    ...newest,
    account_a: 'early-a',
    account_b: 'early-b',
    post_a: 'early-a-1',
    post_b: 'early-b-1',
    at_a: later,
    at_b: later,
    delta_t_s: 0,
  };
  let sink: RecordingSink;
  let controller: ClusterController;

  beforeEach(() => {
    vi.useFakeTimers();
    sink = new RecordingSink();
    controller = new ClusterController(config, sink);
  });

  afterEach(async () => {
    await controller.onModuleDestroy();
    vi.useRealTimers();
  });

  it('publishes edges that no batch trigger snapshots once the stream has been quiet', async () => {
    expect(edges.length).toBeLessThan(config.cluster.snapshotEveryEdges);
    await controller.fold(batch([opening])); // the first batch always snapshots
    expect(await controller.fold(batch(edges))).toEqual([]);
    expect(sink.sent).toEqual([]);

    await vi.advanceTimersByTimeAsync(1_999);
    expect(sink.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    const holding = decoded(sink.sent).find(
      (snapshot) =>
        snapshot.status === 'active' && snapshot.members.some((member) => member.account_id === members[0]),
    );
    expect(holding?.members.map((member) => member.account_id).sort()).toEqual(members);
  });

  it('publishes nothing more when the last batch already snapshotted', async () => {
    const outputs = await controller.fold(batch([...edges, opening]));
    expect(
      decoded(outputs).some((snapshot) =>
        snapshot.members.some((member) => member.account_id === members[0]),
      ),
    ).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sink.sent).toEqual([]);
  });

  it('counts quiet time from the latest batch, and the next batch continues the generations', async () => {
    await controller.fold(batch([opening]));
    await controller.fold(batch(edges.slice(0, edges.length / 2)));
    await vi.advanceTimersByTimeAsync(1_500);
    await controller.fold(batch(edges.slice(edges.length / 2)));
    await vi.advanceTimersByTimeAsync(1_500);
    expect(sink.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    const quiet = decoded(sink.sent);
    expect(quiet.length).toBeGreaterThan(0);

    // Far later in event time: a batch snapshot, one generation on from the quiet one.
    const much = new Date(Date.parse(later) + 3600_000).toISOString();
    const next = decoded(
      await controller.fold(
        batch([{ ...opening, post_a: 'early-a-2', post_b: 'early-b-2', at_a: much, at_b: much }]),
      ),
    );
    for (const snapshot of quiet)
      expect(next.find((candidate) => candidate.cluster_id === snapshot.cluster_id)?.generation).toBe(
        snapshot.generation + 1,
      );
  });
});
