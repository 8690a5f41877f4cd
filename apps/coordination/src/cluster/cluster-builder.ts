import {
  CoShareDeduplicator,
  DecayingAccountGraph,
  findCommunities,
  recurrentSubgraph,
  resolveSignalSettings,
  StableClusterIds,
  type CoEdge,
  type Signal,
  type SignalSettings,
} from '@riptide/coordination';
import type { ClusterSnapshot, CoordinationEdge } from '@riptide/contracts';
import type { ClusterSettings } from '../coordination-config';
import { describeCluster } from './describe-cluster';

/**
 * The cluster role's state: co-share edges folded into a decaying account graph; on each snapshot the
 * recurrent subgraph (decayed weight over the floor and above the quantile), its communities, ids kept
 * stable by member overlap, and a `cluster/v1` snapshot per active cluster plus a final `dissolved` one
 * for each cluster that disappeared. Event time only: a replay of the same edges gives the same graph.
 * An edge whose co-share (signal, object, post pair) was folded in within the decay horizon is a
 * redelivery and is left out, so edges delivered twice give the same graph as once.
 */
export class ClusterBuilder {
  private readonly accounts: DecayingAccountGraph;
  private readonly folded: CoShareDeduplicator;
  private readonly ids: StableClusterIds;
  private readonly weights: Record<Signal, number>;
  private now = Number.NEGATIVE_INFINITY;
  private edgesSinceSnapshot = 0;
  private lastSnapshotAt = Number.NEGATIVE_INFINITY;
  /** Active clusters as last published, by id, and the generation of every id ever published. */
  private published = new Map<string, ClusterSnapshot>();
  private readonly generations = new Map<string, number>();

  constructor(private readonly settings: ClusterSettings) {
    this.accounts = new DecayingAccountGraph({
      halfLifeSeconds: settings.halfLifeSeconds,
      pruneBelow: settings.pruneBelow,
    });
    this.folded = new CoShareDeduplicator(this.horizonSeconds);
    this.ids = new StableClusterIds({ minJaccard: settings.minJaccard });
    const overrides = Object.fromEntries(
      Object.entries(settings.weights).map(([signal, weight]) => [signal, { weight }]),
    ) as Partial<Record<Signal, Partial<SignalSettings>>>;
    const resolved = resolveSignalSettings(overrides);
    this.weights = Object.fromEntries(
      Object.entries(resolved).map(([signal, { weight }]) => [signal, weight]),
    ) as Record<Signal, number>;
  }

  /**
   * Event time a rebuild must replay: until then a co-share of weight 1 has decayed below the prune
   * floor, so older edges would have left the graph anyway.
   */
  get horizonSeconds(): number {
    return this.settings.halfLifeSeconds * Math.log2(1 / this.settings.pruneBelow);
  }

  /** Folds an edge into the graph; false, folding nothing, when its co-share was folded in before. */
  add(edge: CoordinationEdge): boolean {
    const coEdge = coEdgeOf(edge, this.weights[edge.signal]);
    if (!this.folded.firstSeen(coEdge)) return false;
    this.accounts.add(coEdge);
    if (coEdge.time > this.now) this.now = coEdge.time;
    this.edgesSinceSnapshot++;
    return true;
  }

  /** Event time of an edge, seconds: when its newer share happened. */
  static timeOf(edge: CoordinationEdge): number {
    return Math.max(Date.parse(edge.at_a), Date.parse(edge.at_b)) / 1000;
  }

  /** Edges were folded in since the last snapshot: the published clusters may be out of date. */
  get hasUnpublishedEdges(): boolean {
    return this.edgesSinceSnapshot > 0;
  }

  /**
   * Enough edges, or enough event time, since the last snapshot. The first is due at once: after a
   * rebuild, the first live batch publishes the rebuilt clusters.
   */
  snapshotDue(): boolean {
    if (!this.hasUnpublishedEdges) return false;
    return (
      this.edgesSinceSnapshot >= this.settings.snapshotEveryEdges ||
      this.now - this.lastSnapshotAt >= this.settings.snapshotIntervalSeconds
    );
  }

  snapshot(): ClusterSnapshot[] {
    const { now, settings } = this;
    this.accounts.prune(now);
    const recurrent = recurrentSubgraph(this.accounts, {
      now,
      minWeight: settings.minWeight,
      quantile: settings.weightQuantile,
    });
    const communities = findCommunities(recurrent, {
      method: settings.method,
      minSize: settings.minClusterSize,
      seed: settings.louvainSeed,
    });
    const updatedAt = new Date(now * 1000).toISOString();
    const active = new Map<string, ClusterSnapshot>();
    for (const { id, members } of this.ids.assign(communities)) {
      active.set(
        id,
        describeCluster(recurrent, members, {
          id,
          generation: this.nextGeneration(id),
          method: settings.method,
          updatedAt,
        }),
      );
    }
    const dissolved: ClusterSnapshot[] = [];
    for (const [id, last] of this.published) {
      if (!active.has(id))
        dissolved.push({
          ...last,
          status: 'dissolved',
          generation: this.nextGeneration(id),
          updated_at: updatedAt,
        });
    }
    this.published = active;
    this.edgesSinceSnapshot = 0;
    this.lastSnapshotAt = now;
    return [...active.values(), ...dissolved];
  }

  /**
   * Continues from the snapshots already on `coordination.clusters` (the latest per id): active
   * clusters keep their ids and generations, and no published id is minted again.
   */
  resume(latest: readonly ClusterSnapshot[]): void {
    for (const snapshot of latest) this.generations.set(snapshot.cluster_id, snapshot.generation);
    const active = latest.filter((snapshot) => snapshot.status === 'active');
    this.published = new Map(active.map((snapshot) => [snapshot.cluster_id, snapshot]));
    this.ids.resume(
      active.map((snapshot) => ({
        id: snapshot.cluster_id,
        members: snapshot.members.map((member) => member.account_id),
      })),
      latest.map((snapshot) => snapshot.cluster_id),
    );
  }

  /** Graph size, active clusters, and co-shares remembered to tell copies apart (the dedup's memory). */
  stats(): { nodes: number; edges: number; clusters: number; rememberedCoShares: number } {
    return {
      nodes: this.accounts.graph.order,
      edges: this.accounts.graph.size,
      clusters: this.published.size,
      rememberedCoShares: this.folded.size,
    };
  }

  private nextGeneration(id: string): number {
    const generation = (this.generations.get(id) ?? -1) + 1;
    this.generations.set(id, generation);
    return generation;
  }
}

function coEdgeOf(edge: CoordinationEdge, weight: number): CoEdge {
  const timeA = Date.parse(edge.at_a) / 1000;
  const timeB = Date.parse(edge.at_b) / 1000;
  const aFirst = timeA <= timeB;
  return {
    older: aFirst ? edge.account_a : edge.account_b,
    newer: aFirst ? edge.account_b : edge.account_a,
    object: edge.object_id,
    signal: edge.signal,
    time: Math.max(timeA, timeB),
    deltaSeconds: edge.delta_t_s,
    weight,
    olderId: aFirst ? edge.post_a : edge.post_b,
    newerId: aFirst ? edge.post_b : edge.post_a,
  };
}
