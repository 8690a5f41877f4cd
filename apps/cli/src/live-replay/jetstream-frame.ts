/** What a replay server needs to know of one Jetstream frame, read once (small: a recording holds many). */
export interface JetstreamFrameFacts {
  /** The frame's time_us; null when the frame is not a readable event. */
  readonly timeUs: number | null;
  /** `commit`, `identity`, `account`; null when the frame is not a readable event. */
  readonly kind: string | null;
  /** A commit's collection. */
  readonly collection: string | null;
  readonly did: string | null;
  readonly bytes: number;
}

/** The frame's event, or why it is none: the reasons a connector counts such frames under. */
export function parseJetstreamEvent(
  frame: string,
): Record<string, unknown> | 'malformed_json' | 'not_an_object' {
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch {
    return 'malformed_json';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'not_an_object';
  return parsed as Record<string, unknown>;
}

export function readJetstreamFrame(frame: string): JetstreamFrameFacts {
  const bytes = Buffer.byteLength(frame);
  const event = parseJetstreamEvent(frame);
  if (typeof event === 'string') return { timeUs: null, kind: null, collection: null, did: null, bytes };
  const commit = event.commit as Record<string, unknown> | undefined;
  return {
    timeUs: typeof event.time_us === 'number' ? event.time_us : null,
    kind: typeof event.kind === 'string' ? event.kind : null,
    collection: typeof commit?.collection === 'string' ? commit.collection : null,
    did: typeof event.did === 'string' ? event.did : null,
    bytes,
  };
}

/**
 * Jetstream's `wantedCollections`: whole NSIDs or prefixes ending `.*`; none wanted means all. Identity
 * and account events, and frames that are not events, are not commits of a collection: they always pass.
 */
export function wantsFrame(wantedCollections: readonly string[], facts: JetstreamFrameFacts): boolean {
  if (wantedCollections.length === 0 || facts.kind !== 'commit' || facts.collection === null) return true;
  const collection = facts.collection;
  return wantedCollections.some((wanted) =>
    wanted.endsWith('.*') ? collection.startsWith(wanted.slice(0, -1)) : collection === wanted,
  );
}
