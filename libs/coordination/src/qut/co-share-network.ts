import { orderByObjectAndTime } from '../batch/object-order';
import { sweepWindowPairs } from '../batch/window-sweep';
import type { ShareTable } from '../table/share-table';

export interface QutOptions {
  /** Seconds; `e2.timestamp between e1.timestamp - w and e1.timestamp + w` (inclusive). */
  readonly timeWindow: number;
  /** `having weight >= min_edge_weight` on each directed edge. Default 1. */
  readonly minEdgeWeight?: number;
  /** Keep edges from an account to itself (two of its messages on one object). Default false. */
  readonly selfLoops?: boolean;
}

/** A directed QUT edge: `weight` messages of `from` have a message of `to` within the window. */
export interface QutEdge {
  readonly from: string;
  readonly to: string;
  readonly weight: number;
}

/**
 * The QUT coordination-network-toolkit's co-share networks (co-retweet, co-link...) under the
 * semantics its own test expects: join every message with every OTHER message on the same
 * object within the window (inclusive, both directions); the directed edge user_1 -> user_2
 * weighs the number of distinct user_1 messages that have such a partner by user_2; edges
 * below `minEdgeWeight` are dropped; self loops (an account's two messages on one object) are
 * kept only on request. Unlike CooRTweet there is no participation filter.
 */
export function qutCoShareNetwork(table: ShareTable, options: QutOptions): QutEdge[] {
  const minEdgeWeight = options.minEdgeWeight ?? 1;
  if (!Number.isFinite(options.timeWindow) || options.timeWindow < 0) {
    throw new RangeError(`timeWindow must be a number of seconds >= 0, got ${options.timeWindow}`);
  }
  if (!Number.isInteger(minEdgeWeight) || minEdgeWeight < 1)
    throw new RangeError(`minEdgeWeight must be an integer >= 1, got ${minEdgeWeight}`);
  const pairs = sweepWindowPairs(table, orderByObjectAndTime(table), options.timeWindow, () => true);
  const accountCount = table.accounts.length;
  // Distinct (message, partner account) couples; each adds one to message.account -> partner.
  const seen = new Set<number>();
  const weights = new Map<number, number>();
  const credit = (message: number, partnerAccount: number) => {
    const couple = message * accountCount + partnerAccount;
    if (seen.has(couple)) return;
    seen.add(couple);
    const edge = table.account[message] * accountCount + partnerAccount;
    weights.set(edge, (weights.get(edge) ?? 0) + 1);
  };
  for (let k = 0; k < pairs.length; k++) {
    credit(pairs.older[k], table.account[pairs.newer[k]]);
    credit(pairs.newer[k], table.account[pairs.older[k]]);
  }
  const edges: QutEdge[] = [];
  for (const [edge, weight] of weights) {
    const from = Math.floor(edge / accountCount);
    const to = edge % accountCount;
    if (weight < minEdgeWeight || (from === to && options.selfLoops !== true)) continue;
    edges.push({ from: table.accounts[from], to: table.accounts[to], weight });
  }
  return edges;
}
