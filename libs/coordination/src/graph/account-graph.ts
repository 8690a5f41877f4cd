import { UndirectedGraph } from 'graphology';
import { SIGNALS, type CoEdge, type Signal } from '../share';

/** What an account pair has accumulated. `weight` is as of `updatedAt`; read it through `decayedWeight`. */
export interface AccountEdgeAttributes {
  weight: number;
  updatedAt: number;
  /** Co-shares folded in (undecayed). */
  coShares: number;
  /** Undecayed weight per signal: the signal mix. */
  signals: Record<Signal, number>;
  /** The most recent |Δt| values (bounded): for the median and spread of reaction times. */
  deltas: number[];
  /** The most recent distinct objects (bounded): evidence, and content diversity. */
  objects: string[];
}

export type AccountGraph = UndirectedGraph<Record<string, never>, AccountEdgeAttributes>;

export interface AccountGraphOptions {
  /** Evidence loses half its weight every this many seconds. Default 6 hours. */
  readonly halfLifeSeconds?: number;
  /** Edges whose decayed weight falls below this are removed by `prune`. Default 0.05. */
  readonly pruneBelow?: number;
  /** Bounds on the per-edge evidence lists. Defaults 64 and 32. */
  readonly maxDeltas?: number;
  readonly maxObjects?: number;
}

/**
 * The account graph the cluster role folds co-share edges into. Weights decay exponentially in
 * event time (w * 2^(-Δt / halfLife)), applied lazily when an edge is touched or read, so a
 * burst long ago fades while a recurring pair keeps its weight: the CooRTweet intuition that
 * repetition, not a single coincidence, marks coordination.
 */
export class DecayingAccountGraph {
  readonly graph: AccountGraph = new UndirectedGraph();
  private readonly halfLife: number;
  private readonly pruneBelow: number;
  private readonly maxDeltas: number;
  private readonly maxObjects: number;

  constructor(options: AccountGraphOptions = {}) {
    this.halfLife = options.halfLifeSeconds ?? 6 * 3600;
    this.pruneBelow = options.pruneBelow ?? 0.05;
    this.maxDeltas = options.maxDeltas ?? 64;
    this.maxObjects = options.maxObjects ?? 32;
    if (!(this.halfLife > 0)) throw new RangeError(`halfLifeSeconds must be > 0, got ${this.halfLife}`);
  }

  add(edge: CoEdge): void {
    if (edge.older === edge.newer) return;
    const { graph } = this;
    graph.mergeNode(edge.older);
    graph.mergeNode(edge.newer);
    const key = graph.edge(edge.older, edge.newer);
    if (key === undefined) {
      const signals = Object.fromEntries(SIGNALS.map((signal) => [signal, 0])) as Record<Signal, number>;
      signals[edge.signal] = edge.weight;
      graph.addEdge(edge.older, edge.newer, {
        weight: edge.weight,
        updatedAt: edge.time,
        coShares: 1,
        signals,
        deltas: [edge.deltaSeconds],
        objects: [edge.object],
      });
      return;
    }
    const attributes = graph.getEdgeAttributes(key);
    // Out-of-order evidence is decayed to the edge's time instead of moving the clock back.
    const at = Math.max(attributes.updatedAt, edge.time);
    attributes.weight =
      this.decay(attributes.weight, at - attributes.updatedAt) + this.decay(edge.weight, at - edge.time);
    attributes.updatedAt = at;
    attributes.coShares++;
    attributes.signals[edge.signal] += edge.weight;
    attributes.deltas.push(edge.deltaSeconds);
    if (attributes.deltas.length > this.maxDeltas) attributes.deltas.shift();
    if (!attributes.objects.includes(edge.object)) {
      attributes.objects.push(edge.object);
      if (attributes.objects.length > this.maxObjects) attributes.objects.shift();
    }
  }

  decayedWeight(attributes: AccountEdgeAttributes, now: number): number {
    return this.decay(attributes.weight, Math.max(0, now - attributes.updatedAt));
  }

  /** Drops edges (and then isolated accounts) that decayed below `pruneBelow` by `now`: bounded memory. */
  prune(now: number): void {
    const { graph } = this;
    graph
      .filterEdges((_, attributes) => this.decayedWeight(attributes, now) < this.pruneBelow)
      .forEach((key) => graph.dropEdge(key));
    graph.filterNodes((node) => graph.degree(node) === 0).forEach((node) => graph.dropNode(node));
  }

  private decay(weight: number, elapsed: number): number {
    return weight * Math.pow(2, -elapsed / this.halfLife);
  }
}
