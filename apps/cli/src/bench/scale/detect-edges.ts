import type { ShareEvent } from '@riptide/contracts';
import { SIGNAL_OF_KIND, StreamingCoShareDetector, type CoEdge } from '@riptide/coordination';
import type { ShareStream } from '../russian-shares';

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
