import { POST_COLLECTION, REPOST_COLLECTION } from './jetstream-sample';
import { parseJetstreamEvent, readJetstreamFrame, wantsFrame } from './jetstream-frame';

/** What a connector must make of frames a Jetstream replay server sends: the tests' and the bench's oracle. */
export interface JetstreamExpectation {
  /** Frames the server sends after its own filters. */
  readonly sent: number;
  /** Ids (`at://did/collection/rkey`) of the posts and reposts on posts.raw, each once. */
  readonly posts: ReadonlySet<string>;
  /** Ids of the deleted posts and reposts on posts.deleted. */
  readonly deletions: ReadonlySet<string>;
  /** Frames skipped, by the reason the connector counts them under (posts that break the contract: `schema_violation`). */
  readonly skipped: ReadonlyMap<string, number>;
}

export interface JetstreamExpectationOptions {
  /** The connector's BLUESKY_COLLECTIONS, as sent in `wantedCollections`. */
  readonly wantedCollections: readonly string[];
  /** The connector's CONNECTOR_MAX_EVENT_BYTES: bigger frames are skipped as `oversized`. */
  readonly maxEventBytes: number;
  /** `maxMessageSizeBytes` the connector asks the server for (0: none): bigger frames are never sent. */
  readonly maxMessageSizeBytes?: number;
}

const POST_COLLECTIONS = new Set([POST_COLLECTION, REPOST_COLLECTION]);

export function expectJetstreamOutcome(
  frames: readonly string[],
  options: JetstreamExpectationOptions,
): JetstreamExpectation {
  const posts = new Set<string>();
  const deletions = new Set<string>();
  const skipped = new Map<string, number>();
  const skip = (reason: string) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
  let sent = 0;
  for (const frame of frames) {
    const facts = readJetstreamFrame(frame);
    if (!wantsFrame(options.wantedCollections, facts)) continue;
    if (options.maxMessageSizeBytes && facts.bytes > options.maxMessageSizeBytes) continue;
    sent++;
    const event = facts.bytes > options.maxEventBytes ? 'oversized' : parseJetstreamEvent(frame);
    if (typeof event === 'string') skip(event);
    else if (facts.kind !== 'commit') skip('not_a_commit');
    else if (!POST_COLLECTIONS.has(facts.collection ?? '')) skip('not_a_post');
    else {
      const commit = event.commit as Record<string, unknown>;
      const id = `at://${facts.did}/${facts.collection}/${String(commit.rkey)}`;
      const record = commit.record as Record<string, unknown> | undefined;
      if (commit.operation === 'delete') deletions.add(id);
      else if (commit.operation === 'update') skip('edit');
      else if (facts.collection === POST_COLLECTION && typeof record?.text !== 'string')
        skip('schema_violation');
      else posts.add(id);
    }
  }
  return { sent, posts, deletions, skipped };
}
