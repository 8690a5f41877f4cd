import type { CoEdge } from '../share';

/**
 * Tells a co-share folded in before from a new one. A co-share's identity is its signal, its object and
 * the unordered pair of share ids (the two posts): at-least-once delivery hands a graph some edges twice
 * (a detector re-emits the edges of shares it consumes again after a crash), and folding one twice would
 * count that co-share twice.
 *
 * Identities are remembered for `horizonSeconds` of event time back from the newest edge seen, then
 * forgotten oldest-inserted first, so memory follows the horizon. Use the graph's decay horizon: an edge
 * older than that adds almost nothing to a decayed weight. Edges without both share ids cannot be told
 * apart and always count as new.
 */
export class CoShareDeduplicator {
  private readonly seen = new Set<string>();
  /** Insertion order with event times, for eviction from the head. */
  private keys: string[] = [];
  private times: number[] = [];
  private head = 0;
  private newest = Number.NEGATIVE_INFINITY;

  constructor(private readonly horizonSeconds: number) {
    if (!(horizonSeconds >= 0)) throw new RangeError(`horizonSeconds must be >= 0, got ${horizonSeconds}`);
  }

  /** True the first time a co-share is seen (and remembers it); false for a copy within the horizon. */
  firstSeen(edge: CoEdge): boolean {
    const { olderId, newerId } = edge;
    if (olderId === undefined || newerId === undefined) return true;
    const [low, high] = olderId < newerId ? [olderId, newerId] : [newerId, olderId];
    const key = `${edge.signal}\u0000${edge.object}\u0000${low}\u0000${high}`;
    if (edge.time > this.newest) {
      this.newest = edge.time;
      this.forgetBefore(this.newest - this.horizonSeconds);
    }
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    this.keys.push(key);
    this.times.push(edge.time);
    return true;
  }

  /** Co-shares remembered. */
  get size(): number {
    return this.seen.size;
  }

  /** Edges that arrived out of event-time order stay a little longer than needed, which is harmless. */
  private forgetBefore(horizon: number): void {
    while (this.head < this.keys.length && this.times[this.head] < horizon) {
      this.seen.delete(this.keys[this.head]);
      this.head++;
    }
    // Compact once the dead prefix is as long as the live part, so memory follows the live size.
    if (this.head > 1024 && this.head * 2 > this.keys.length) {
      this.keys = this.keys.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}
