import {
  coordinationScore,
  scoreCluster,
  SIGNALS,
  type Signal,
  type WeightedAccountGraph,
} from '@riptide/coordination';
import {
  CLUSTER_SNAPSHOT_SCHEMA,
  type ClusterMember,
  type ClusterMethod,
  type ClusterSnapshot,
} from '@riptide/contracts';

const TOP_OBJECTS = 10;

export interface ClusterIdentity {
  readonly id: string;
  readonly generation: number;
  readonly method: ClusterMethod;
  /** ISO time the snapshot describes (event time of the newest edge folded in). */
  readonly updatedAt: string;
}

/**
 * Turns one community of the recurrent account graph into the `cluster/v1` snapshot an analyst reads:
 * members with their links inside the cluster, the library's scores, edge counts per signal, the
 * objects most often co-shared, and a one-line evidence summary.
 */
export function describeCluster(
  graph: WeightedAccountGraph,
  members: readonly string[],
  identity: ClusterIdentity,
): ClusterSnapshot {
  const scores = scoreCluster(graph, members);
  const inside = new Set(members);
  const memberRows: ClusterMember[] = [];
  const signalEdges: Partial<Record<Signal, number>> = {};
  const objectCounts = new Map<string, number>();
  let edgeCount = 0;
  for (const member of members) {
    let degree = 0;
    let strength = 0;
    graph.forEachEdge(member, (_, attributes, a, b) => {
      const other = a === member ? b : a;
      if (!inside.has(other)) return;
      degree++;
      strength += attributes.decayed;
      // Cluster-wide tallies count each inner edge once, from its smaller end.
      if (other < member) return;
      edgeCount++;
      for (const signal of SIGNALS)
        if (attributes.signals[signal] > 0) signalEdges[signal] = (signalEdges[signal] ?? 0) + 1;
      for (const object of attributes.objects) objectCounts.set(object, (objectCounts.get(object) ?? 0) + 1);
    });
    memberRows.push({ account_id: member, degree, strength: round(strength) });
  }
  const topObjects = [...objectCounts]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, TOP_OBJECTS)
    .map(([object_id, count]) => ({ object_id, count }));
  const mix = Object.entries(scores.signalMix).filter(([, share]) => share > 0);
  const dominant = mix.sort((x, y) => y[1] - x[1])[0]?.[0] ?? 'none';
  const median = finiteOrZero(scores.medianDeltaSeconds);
  return {
    schema: CLUSTER_SNAPSHOT_SCHEMA,
    cluster_id: identity.id,
    generation: identity.generation,
    status: 'active',
    method: identity.method,
    updated_at: identity.updatedAt,
    members: memberRows,
    size: scores.size,
    edge_count: edgeCount,
    density: Math.min(1, round(scores.density)),
    delta_t: { median_s: median, iqr_s: finiteOrZero(scores.iqrDeltaSeconds) },
    signals: signalEdges,
    top_objects: topObjects,
    scores: {
      coordination: round(coordinationScore(scores, edgeCount)),
      weight: round(scores.weight),
      content_diversity: round(scores.contentDiversity),
      ...Object.fromEntries(mix.map(([signal, share]) => [`mix_${signal.replace('-', '_')}`, round(share)])),
    },
    evidence_summary:
      `${scores.size} accounts, ${edgeCount} recurrent links, median Δt ${median} s, mostly ${dominant}` +
      (topObjects.length > 0 ? `, top object ${topObjects[0].object_id} (${topObjects[0].count} links)` : ''),
  };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? round(value) : 0;
}
