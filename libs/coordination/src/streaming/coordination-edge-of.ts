import {
  COORDINATION_EDGE_SCHEMA,
  SIGNAL_OBJECT_KIND,
  type CoordinationEdge,
  type ShareObjectKind,
} from '@riptide/contracts';
import type { CoEdge, Signal } from '../share';

/** The signal a share is evidence for, by what was shared: the inverse of the contracts' signal -> kind table. */
export const SIGNAL_OF_KIND = Object.fromEntries(
  Object.entries(SIGNAL_OBJECT_KIND).map(([signal, kind]) => [kind, signal]),
) as Record<ShareObjectKind, Signal>;

/**
 * A detector edge as `coordination.edges` carries it: the pair spelled one way (the smaller account
 * id first), the newer share at `newerTime` (seconds; the edge's own by default) and the older
 * `deltaSeconds` before it. The edge must come from shares pushed with their post ids.
 */
export function coordinationEdgeOf(
  edge: CoEdge,
  detectedAt: string,
  newerTime = edge.time,
): CoordinationEdge {
  const older = { account: edge.older, time: newerTime - edge.deltaSeconds, post: edge.olderId as string };
  const newer = { account: edge.newer, time: newerTime, post: edge.newerId as string };
  const [a, b] = older.account < newer.account ? [older, newer] : [newer, older];
  return {
    schema: COORDINATION_EDGE_SCHEMA,
    signal: edge.signal,
    object_id: edge.object,
    account_a: a.account,
    account_b: b.account,
    post_a: a.post,
    post_b: b.post,
    at_a: new Date(a.time * 1000).toISOString(),
    at_b: new Date(b.time * 1000).toISOString(),
    delta_t_s: edge.deltaSeconds,
    detected_at: detectedAt,
  };
}
