import {
  COORDINATION_EDGE_SCHEMA,
  SIGNAL_OBJECT_KIND,
  type CoordinationEdge,
  type ShareEvent,
  type ShareObjectKind,
} from '@riptide/contracts';
import { StreamingCoShareDetector, type CoEdge, type Signal } from '@riptide/coordination';
import type { ShareStream } from '../russian-shares';

/** The signal a share is evidence for, by the kind of object shared (the contracts' table, inverted). */
const SIGNAL_OF_KIND = Object.fromEntries(
  Object.entries(SIGNAL_OBJECT_KIND).map(([signal, kind]) => [kind, signal]),
) as Record<ShareObjectKind, Signal>;

/**
 * The pure library's streaming detector with the detect role's defaults (library windows, 30 s of
 * lateness, 10,000 shares per object): what the role must find, whatever the partitioning, because
 * every share of an object meets on one partition in the same order.
 */
export function libraryDetector(): (share: ShareEvent) => readonly CoEdge[] {
  const detector = new StreamingCoShareDetector({ allowedLatenessSeconds: 30, maxSharesPerObject: 10_000 });
  return (share) =>
    detector.push({
      account: share.account_id,
      object: share.object_id,
      time: Date.parse(share.shared_at) / 1000,
      signal: SIGNAL_OF_KIND[share.object_kind],
      id: share.post_id,
    });
}

/** One spelling per co-share, whichever share came first: signal, object and the two post ids, sorted. */
export function edgeKey(signal: string, objectId: string, postA: string, postB: string): string {
  return [signal, objectId, ...[postA, postB].sort()].join(' ');
}

/** The keys of every edge shares 0…count-1 of the stream must give. */
export function expectedEdgeKeys(stream: ShareStream, count: number): Set<string> {
  const detect = libraryDetector();
  const keys = new Set<string>();
  for (let index = 0; index < count; index++)
    for (const edge of detect(stream(index)))
      keys.add(edgeKey(edge.signal, edge.object, edge.olderId!, edge.newerId!));
  return keys;
}

/**
 * A library edge as the detect role writes it to `coordination.edges` (the smaller account first),
 * with the newer share at `newerTime` (seconds; the edge's own by default) and the older `deltaSeconds`
 * before it.
 */
export function edgeContract(edge: CoEdge, detectedAt: string, newerTime = edge.time): CoordinationEdge {
  const older = { account: edge.older, time: newerTime - edge.deltaSeconds, post: edge.olderId! };
  const newer = { account: edge.newer, time: newerTime, post: edge.newerId! };
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
