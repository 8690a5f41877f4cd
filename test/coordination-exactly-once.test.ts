import {
  clusterSnapshotCodec,
  coordinationEdgeCodec,
  type ClusterSnapshot,
  type CoordinationEdge,
  type ShareEvent,
} from '@riptide/contracts';
import { createKafka, physicalTopic, readLatestByKey, type KafkaConnection } from '@riptide/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  coordinationConfigFromEnv,
  type CoordinationConfig,
} from '../apps/coordination/src/coordination-config';
import { PartitionDetector } from '../apps/coordination/src/detect/partition-detector';
import {
  CLUSTER_GROUP,
  DETECT_GROUP,
  startCoordination,
  type CoordinationService,
} from '../apps/coordination/src/main';
import { metricTotal, waitFor } from './support/coordination-service';
import { plantedShareStream } from './support/coordination-shares';
import { isolatedKafka, readTopicUntil, writeRaw } from './support/kafka-test-env';

const stream = { sessionTimeoutMs: 10_000, retryInitialMs: 20, retryMaxMs: 200 };

/**
 * What "the same" means here.
 * - The same edges: the set of edge identities on coordination.edges (signal, object, the unordered pair of
 *   posts) is unchanged. Edge messages may repeat (at-least-once); identities may not grow.
 * - The same clusters: every active cluster's latest snapshot has the same id, members with the same degree
 *   and strength (decayed weight), and the same size, edge count, density, Δt, signals, top objects and
 *   scores. Only `generation` and `updated_at` move on.
 * Each step ends with a marker: a fresh co-share of two new accounts (too weak to join any cluster) at the
 * time of the stream's last share, so that it never moves the graph's clock (decayed weights are read at
 * the newest edge's time). Its edge makes the cluster role snapshot the graph as it then is; once the
 * role has committed the whole edge topic, that snapshot is on coordination.clusters (outputs are
 * acknowledged before offsets are committed).
 */
describe('coordination: the same input, replayed or redelivered, gives the same edges and clusters', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let config: CoordinationConfig;
  let service: CoordinationService | undefined;
  const { shares, endMs } = plantedShareStream();
  let firstRun: { edgeMessages: number; identities: Set<string>; clusters: ClusterState[] } | undefined;

  beforeAll(async () => {
    kafka = await isolatedKafka('coordination-exactly-once');
    const defaults = coordinationConfigFromEnv({});
    config = {
      ...defaults,
      role: 'both',
      httpPort: 0,
      kafka: kafka.connection,
      // A lateness over the stream's six hours, as a historical replay needs: every replayed share is then
      // a copy the window still holds, never a late one.
      detect: { ...defaults.detect, allowedLatenessSeconds: 7 * 3600 },
      // A week's half-life keeps the six simulated hours at full weight; a snapshot after every batch.
      cluster: { ...defaults.cluster, halfLifeSeconds: 7 * 24 * 3600, snapshotIntervalSeconds: 0 },
    };
    service = await startCoordination(config, stream);
  });

  afterAll(async () => {
    await service?.close();
    await kafka?.cleanup();
  });

  it('a full replay of the shares emits no edge and leaves every cluster as it was', async () => {
    const offline = new PartitionDetector(config.detect);
    const expected = new Set(shares.flatMap((share) => offline.detect(share, 'now').map(identityOf)));
    expect(expected.size).toBeGreaterThan(100);

    await writeShares(kafka.connection, shares);
    await readEdgesUntil(kafka.connection, (edges) => edges.length >= expected.size);
    const first = await settle(kafka.connection, 1);
    const identities = new Set(first.edges.map(identityOf));
    expect(first.edges).toHaveLength(identities.size); // no edge twice, not even within one run
    expect(withoutMarkers(identities)).toEqual(expected);
    expect(first.clusters.length).toBeGreaterThan(0);
    firstRun = { edgeMessages: first.edges.length, identities, clusters: first.clusters };

    const duplicatesBefore = await metricTotal(
      service!.httpPort,
      'riptide_coordination_duplicate_shares_total',
    );
    const emittedBefore = await metricTotal(service!.httpPort, 'riptide_coordination_edges_total');
    await writeShares(kafka.connection, shares);
    await waitFor(
      async () =>
        (await metricTotal(service!.httpPort, 'riptide_coordination_duplicate_shares_total')) -
          duplicatesBefore ===
        shares.length,
      `the detect role has ignored all ${shares.length} replayed shares as copies`,
    );
    const replayed = await settle(kafka.connection, 2);
    // The detect role counts a share's edges in the same batch as the share, so once every copy was counted,
    // any edge a copy completed would be counted here: the one edge is the marker's.
    expect((await metricTotal(service!.httpPort, 'riptide_coordination_edges_total')) - emittedBefore).toBe(
      1,
    );
    expect(replayed.edges).toHaveLength(firstRun.edgeMessages + 1);
    expect(withoutMarkers(new Set(replayed.edges.map(identityOf)))).toEqual(expected);
    expect(replayed.clusters).toEqual(firstRun.clusters);
  });

  it('a restart that re-consumes from earlier offsets (as after a crash) republishes the same clusters', async () => {
    expect(firstRun).toBeDefined();
    const before = await readEdgesUntil(
      kafka.connection,
      (edges) => edges.length >= firstRun!.edgeMessages + 1,
    );
    const edgeMessages = before.length;
    const duplicatesBefore = await metricTotal(
      service!.httpPort,
      'riptide_coordination_duplicate_edges_total',
    );
    await service!.close();
    service = undefined;
    // Nothing committed: the detect role reads `shares` from the start again with an empty window, so it
    // emits every edge a second time; the cluster role rebuilds from the first half of the edges and
    // consumes the rest (and all the re-emitted ones) live.
    await rewindGroup(kafka.connection, DETECT_GROUP, 'shares', () => 0);
    await rewindGroup(kafka.connection, CLUSTER_GROUP, 'coordination.edges', (end) => Math.floor(end / 2));
    service = await startCoordination(config, stream);

    await readEdgesUntil(kafka.connection, (edges) => edges.length >= 2 * edgeMessages);
    const restarted = await settle(kafka.connection, 3);
    expect(restarted.edges).toHaveLength(2 * edgeMessages + 1);
    expect(withoutMarkers(new Set(restarted.edges.map(identityOf)))).toEqual(
      withoutMarkers(firstRun!.identities),
    );
    expect(restarted.clusters).toEqual(firstRun!.clusters);
    // Live, the cluster role met each re-emitted edge as a copy of one it had folded in.
    expect(
      (await metricTotal(service.httpPort, 'riptide_coordination_duplicate_edges_total')) - duplicatesBefore,
    ).toBe(edgeMessages);
    // It remembers each co-share once: the distinct edges and the three markers' edges.
    expect(await metricTotal(service.httpPort, 'riptide_coordination_remembered_coshares')).toBe(
      edgeMessages + 1,
    );
  });

  /** Writes marker `n`, waits until the cluster role has folded in its edge, and reads the clusters. */
  async function settle(
    connection: KafkaConnection,
    n: number,
  ): Promise<{ edges: CoordinationEdge[]; clusters: ClusterState[] }> {
    const markerAt = new Date(endMs).toISOString();
    const marker = (account: string): ShareEvent => ({
      schema: 'share/v1',
      object_id: `post:marker-${n}`,
      object_kind: 'post',
      account_id: `${MARKER}${n}-${account}`,
      post_id: `${MARKER}${n}-${account}-post`,
      shared_at: markerAt,
    });
    await writeShares(connection, [marker('a'), marker('b')]);
    const edges = await readEdgesUntil(connection, (seen) =>
      seen.some((edge) => edge.object_id === `post:marker-${n}`),
    );
    await waitFor(
      () => committedToEnd(connection, CLUSTER_GROUP, 'coordination.edges'),
      `the cluster role has committed every edge up to marker ${n}`,
    );
    const { latest } = await readLatestByKey(connection, 'coordination.clusters', clusterSnapshotCodec);
    return { edges, clusters: clusterState(latest) };
  }
});

const MARKER = 'marker-';

type ClusterState = Omit<ClusterSnapshot, 'generation' | 'updated_at'>;

/** Active clusters as compared across runs: by id, members in id order, without generation and time. */
function clusterState(latest: Map<string, ClusterSnapshot>): ClusterState[] {
  return [...latest.values()]
    .filter((snapshot) => snapshot.status === 'active')
    .map(({ generation: _generation, updated_at: _updatedAt, ...rest }) => ({
      ...rest,
      members: [...rest.members].sort((x, y) => (x.account_id < y.account_id ? -1 : 1)),
    }))
    .sort((x, y) => (x.cluster_id < y.cluster_id ? -1 : 1));
}

/** An edge's identity: its signal, its object and the unordered pair of its posts. */
function identityOf(edge: CoordinationEdge): string {
  const [low, high] = edge.post_a < edge.post_b ? [edge.post_a, edge.post_b] : [edge.post_b, edge.post_a];
  return `${edge.signal}|${edge.object_id}|${low}|${high}`;
}

function withoutMarkers(identities: Set<string>): Set<string> {
  return new Set([...identities].filter((identity) => !identity.includes(MARKER)));
}

async function writeShares(connection: KafkaConnection, shares: readonly ShareEvent[]): Promise<void> {
  await writeRaw(
    connection,
    'shares',
    shares.map((share) => ({ key: share.object_id, value: JSON.stringify(share) })),
  );
}

async function readEdgesUntil(
  connection: KafkaConnection,
  enough: (edges: CoordinationEdge[]) => boolean,
): Promise<CoordinationEdge[]> {
  const edges: CoordinationEdge[] = [];
  await readTopicUntil(connection, 'coordination.edges', (seen) => {
    for (const message of seen.slice(edges.length)) {
      const decoded = coordinationEdgeCodec.decode(message.value);
      if (!decoded.ok) throw new Error(decoded.error.message);
      edges.push(decoded.value);
    }
    return enough(edges);
  });
  return edges;
}

/** Whether a group has committed every partition of a topic up to its end. */
async function committedToEnd(
  connection: KafkaConnection,
  group: string,
  logicalTopic: string,
): Promise<boolean> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    const topic = physicalTopic(connection, logicalTopic);
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({
      groupId: physicalTopic(connection, group),
      topics: [topic],
    });
    return ends.every(
      ({ partition, high }) =>
        committed.partitions.find((entry) => entry.partition === partition)?.offset === high,
    );
  } finally {
    await admin.disconnect();
  }
}

/** Sets a stopped group's committed offsets on every partition of a topic, from the partition's end offset. */
async function rewindGroup(
  connection: KafkaConnection,
  group: string,
  logicalTopic: string,
  offsetFromEnd: (end: number) => number,
): Promise<void> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    const topic = physicalTopic(connection, logicalTopic);
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId: physicalTopic(connection, group),
      topic,
      partitions: ends.map(({ partition, high }) => ({
        partition,
        offset: String(offsetFromEnd(Number(high))),
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
