import { coordinationEdgeCodec, deadLetterCodec, type ShareEvent } from '@riptide/contracts';
import type { KafkaConnection } from '@riptide/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  coordinationConfigFromEnv,
  type CoordinationConfig,
} from '../apps/coordination/src/coordination-config';
import { EDGE_KEY } from '../apps/coordination/src/detect/detect.controller';
import { PartitionDetector } from '../apps/coordination/src/detect/partition-detector';
import { startCoordination, type CoordinationService } from '../apps/coordination/src/main';
import { metricTotal, waitFor } from './support/coordination-service';
import { latestSnapshots, memberIds, plantedShareStream } from './support/coordination-shares';
import { isolatedKafka, readTopicUntil, writeRaw } from './support/kafka-test-env';

const stream = { sessionTimeoutMs: 10_000, retryInitialMs: 20, retryMaxMs: 200 };

describe('apps/coordination on the real broker', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let config: CoordinationConfig;
  let detect: CoordinationService | undefined;
  let cluster: CoordinationService | undefined;
  const { shares, planted, endMs } = plantedShareStream();
  const edgeKey = (edge: { account_a: string; account_b: string; post_a: string; post_b: string }) =>
    `${edge.account_a}|${edge.account_b}|${edge.post_a}|${edge.post_b}`;

  beforeAll(async () => {
    kafka = await isolatedKafka('coordination');
    const defaults = coordinationConfigFromEnv({});
    config = {
      ...defaults,
      httpPort: 0,
      kafka: kafka.connection,
      // A week's half-life keeps the six simulated hours at full weight; a snapshot after every batch.
      cluster: { ...defaults.cluster, halfLifeSeconds: 7 * 24 * 3600, snapshotIntervalSeconds: 0 },
    };
    detect = await startCoordination({ ...config, role: 'detect' }, stream);
    cluster = await startCoordination({ ...config, role: 'cluster' }, stream);
  });

  afterAll(async () => {
    await detect?.close();
    await cluster?.close();
    await kafka?.cleanup();
  });

  it('turns shares into edges and a cluster of the planted accounts; an invalid share goes to shares.dlq', async () => {
    // What the detector finds in process over the same stream: every share of an object meets on one
    // partition and each partition is in event-time order, so partitioning changes nothing.
    const offline = new PartitionDetector(config.detect);
    const expected = new Set(shares.flatMap((share) => offline.detect(share, 'now').map(edgeKey)));
    expect(expected.size).toBeGreaterThan(100);

    const invalid = { ...shares[0], post_id: 'bad-1', shared_at: 'yesterday' };
    await writeRaw(kafka.connection, 'shares', [
      ...shares.map((share) => ({ key: share.object_id, value: JSON.stringify(share) })),
      { key: invalid.object_id, value: JSON.stringify(invalid) },
    ]);

    const edgeMessages = await readTopicUntil(
      kafka.connection,
      'coordination.edges',
      (seen) => seen.length >= expected.size,
    );
    const edges = edgeMessages.map((message) => {
      const decoded = coordinationEdgeCodec.decode(message.value);
      if (!decoded.ok) throw new Error(decoded.error.message);
      return decoded.value;
    });
    expect(new Set(edges.map(edgeKey))).toEqual(expected);
    expect(edges.every((edge) => edge.signal === 'co-post' && edge.delta_t_s <= 60)).toBe(true);

    const clusters = await readTopicUntil(kafka.connection, 'coordination.clusters', (seen) =>
      [...latestSnapshots(seen).values()].some(
        (snapshot) =>
          snapshot.status === 'active' && planted.every((member) => memberIds(snapshot).includes(member)),
      ),
    );
    const holding = [...latestSnapshots(clusters).values()].find((snapshot) =>
      memberIds(snapshot).includes(planted[0]),
    );
    expect(holding?.status).toBe('active');
    // All planted members, and at most one stray organic account beside them.
    expect(memberIds(holding!).filter((member) => planted.includes(member))).toEqual(planted);
    expect(holding!.size).toBeLessThanOrEqual(planted.length + 1);

    const [letter] = (await readTopicUntil(kafka.connection, 'shares.dlq', (seen) => seen.length >= 1)).map(
      (message) => {
        const decoded = deadLetterCodec.decode(message.value);
        if (!decoded.ok) throw new Error(decoded.error.message);
        return decoded.value;
      },
    );
    expect(letter.error.field).toBe('shared_at');
    expect(JSON.parse(Buffer.from(letter.value_base64, 'base64').toString()).post_id).toBe('bad-1');

    const metrics = await (await fetch(`http://127.0.0.1:${detect!.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/riptide_coordination_edges_total\{signal="co-post"\} [1-9]/);
    expect(metrics).toMatch(/riptide_coordination_graph_nodes [1-9]/);
  });

  it('a restarted cluster role rebuilds the same clusters, under the same ids, from the topics', async () => {
    const before = latestSnapshots(
      await readTopicUntil(kafka.connection, 'coordination.clusters', (seen) => seen.length > 0),
    );
    const active = [...before.values()].filter((snapshot) => snapshot.status === 'active');
    expect(active.length).toBeGreaterThan(0);

    await cluster!.close();
    cluster = await startCoordination({ ...config, role: 'cluster' }, stream);

    // One fresh co-share by two new accounts gives the new cluster role a batch, so it publishes.
    const at = new Date(endMs + 1000).toISOString();
    const fresh = (account: string): ShareEvent => ({
      schema: 'share/v1',
      object_id: 'post:after-restart',
      object_kind: 'post',
      account_id: account,
      post_id: `${account}-1`,
      shared_at: at,
    });
    await writeRaw(
      kafka.connection,
      'shares',
      [fresh('restart-a'), fresh('restart-b')].map((share) => ({
        key: share.object_id,
        value: JSON.stringify(share),
      })),
    );

    const after = latestSnapshots(
      await readTopicUntil(kafka.connection, 'coordination.clusters', (seen) => {
        const latest = latestSnapshots(seen);
        return active.every(
          (snapshot) => (latest.get(snapshot.cluster_id)?.generation ?? -1) > snapshot.generation,
        );
      }),
    );
    for (const snapshot of active) {
      const rebuilt = after.get(snapshot.cluster_id)!;
      expect(rebuilt.status).toBe('active');
      expect(memberIds(rebuilt)).toEqual(memberIds(snapshot));
      expect(rebuilt.generation).toBe(snapshot.generation + 1);
    }
    const newIds = [...after.keys()].filter((id) => !before.has(id));
    expect(newIds).toEqual([]);
  });
});

describe('apps/coordination cluster role when the edge stream goes quiet', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let cluster: CoordinationService | undefined;
  const { shares, planted, endMs } = plantedShareStream();

  beforeAll(async () => {
    kafka = await isolatedKafka('coordination-quiet');
  });

  afterAll(async () => {
    await cluster?.close();
    await kafka?.cleanup();
  });

  it('publishes the last edges even when they trigger no snapshot by count or event time', async () => {
    const defaults = coordinationConfigFromEnv({});
    // The default triggers (5,000 edges or 60 s of event time); a week's half-life, a 1 s quiet snapshot.
    const config: CoordinationConfig = {
      ...defaults,
      role: 'cluster',
      httpPort: 0,
      kafka: kafka.connection,
      cluster: { ...defaults.cluster, halfLifeSeconds: 7 * 24 * 3600, snapshotQuietSeconds: 1 },
    };
    cluster = await startCoordination(config, stream);
    const detector = new PartitionDetector(config.detect);
    const edges = shares.flatMap((share) => detector.detect(share, new Date(endMs).toISOString()));
    expect(edges.length).toBeLessThan(config.cluster.snapshotEveryEdges);

    // An edge an hour newer than the campaign goes first and is snapshotted (the first batch always is):
    // the campaign's edges that follow then move event time on no further.
    const later = new Date(endMs + 3600_000).toISOString();
    const opening = {
      ...edges[0],
      account_a: 'opening-a',
      account_b: 'opening-b',
      post_a: 'opening-a-1',
      post_b: 'opening-b-1',
      at_a: later,
      at_b: later,
      delta_t_s: 0,
    };
    const snapshotsBefore = await snapshotsTaken(cluster.httpPort);
    await writeRaw(kafka.connection, 'coordination.edges', [
      { key: EDGE_KEY, value: JSON.stringify(opening) },
    ]);
    await waitFor(
      async () => (await snapshotsTaken(cluster!.httpPort)) > snapshotsBefore,
      'the opening edge is snapshotted',
    );

    await writeRaw(
      kafka.connection,
      'coordination.edges',
      edges.map((edge) => ({ key: EDGE_KEY, value: JSON.stringify(edge) })),
    );
    const clusters = await readTopicUntil(
      kafka.connection,
      'coordination.clusters',
      (seen) =>
        [...latestSnapshots(seen).values()].some(
          (snapshot) =>
            snapshot.status === 'active' && planted.every((member) => memberIds(snapshot).includes(member)),
        ),
      20_000,
    );
    const holding = [...latestSnapshots(clusters).values()].find((snapshot) =>
      memberIds(snapshot).includes(planted[0]),
    );
    expect(memberIds(holding!).filter((member) => planted.includes(member))).toEqual(planted);
  });
});

/** Snapshots the process has taken so far, by any trigger, from its /metrics. */
async function snapshotsTaken(httpPort: number): Promise<number> {
  return metricTotal(httpPort, 'riptide_coordination_snapshots_total');
}
