import { describeReceived, schemaViolation } from '../contract-violation';
import { isJsonObject, objectAt, objectsIn, unmappedFields, type JsonObject } from '../json-object';
import { isIsoDateTimeWithZone, unixSecondsToIso } from '../iso-date-time';
import type { PostKind } from '../labels';
import { POST_DELETION_SCHEMA } from '../schemas/post-deletion';
import { checkedDeletion } from './checked-deletion';
import { checkedPost } from './checked-post';
import type { AdaptResult } from './post-format';

// Bluesky Jetstream commit events. Creations of posts and reposts become Posts and their deletions
// become PostDeletions; edits, likes, follows, identity and account events are skipped with the reason.

const POST_COLLECTION = 'app.bsky.feed.post';
const REPOST_COLLECTION = 'app.bsky.feed.repost';

/** Record fields this adapter maps; every other field of the record is kept on `extra`. */
const MAPPED_RECORD_FIELDS = new Set([
  '$type',
  'text',
  'createdAt',
  'langs',
  'facets',
  'embed',
  'reply',
  'tags',
  'subject',
]);

interface Shared {
  urls: unknown[];
  hashtags: unknown[];
  mentions: unknown[];
  media_hashes: unknown[];
}

function readFacets(record: JsonObject, shared: Shared): void {
  for (const facet of objectsIn(record.facets)) {
    for (const feature of objectsIn(facet.features)) {
      if (feature.$type === 'app.bsky.richtext.facet#link') shared.urls.push(feature.uri);
      else if (feature.$type === 'app.bsky.richtext.facet#tag') shared.hashtags.push(feature.tag);
      else if (feature.$type === 'app.bsky.richtext.facet#mention') shared.mentions.push(feature.did);
    }
  }
  // Tags attached to the post outside its text.
  if (Array.isArray(record.tags)) shared.hashtags.push(...record.tags);
}

/** Media are named by the CID of their blob: the same bytes uploaded twice share it. */
function blobCid(blob: unknown): unknown {
  return objectAt(blob, 'ref').$link;
}

/** Adds the embed's links and media to `shared`; returns the uri of an embedded (quoted) record. */
function readEmbed(embed: unknown, shared: Shared): unknown {
  if (!isJsonObject(embed)) return undefined;
  switch (embed.$type) {
    case 'app.bsky.embed.record':
      return objectAt(embed, 'record').uri;
    case 'app.bsky.embed.recordWithMedia':
      readEmbed(embed.media, shared);
      return objectAt(objectAt(embed, 'record'), 'record').uri;
    case 'app.bsky.embed.external':
      shared.urls.push(objectAt(embed, 'external').uri);
      return undefined;
    case 'app.bsky.embed.images':
      for (const image of objectsIn(embed.images)) shared.media_hashes.push(blobCid(image.image));
      return undefined;
    case 'app.bsky.embed.video':
      shared.media_hashes.push(blobCid(embed.video));
      return undefined;
    default:
      return undefined;
  }
}

/** The relay's receive time (microseconds since the epoch) as ISO; null when it is not a usable number. */
function relayTime(timeUs: unknown): string | null {
  return typeof timeUs === 'number' ? unixSecondsToIso(timeUs / 1_000_000) : null;
}

function createdAt(record: JsonObject, timeUs: unknown): unknown {
  if (typeof record.createdAt === 'string' && isIsoDateTimeWithZone(record.createdAt))
    return record.createdAt;
  // createdAt is set by the client and sometimes malformed; the relay's receive time is reliable.
  return relayTime(timeUs) ?? record.createdAt;
}

function recordToPost(event: JsonObject, commit: JsonObject, record: JsonObject): AdaptResult {
  const shared: Shared = { urls: [], hashtags: [], mentions: [], media_hashes: [] };
  const isRepost = commit.collection === REPOST_COLLECTION;
  let quoted: unknown;
  if (!isRepost) {
    readFacets(record, shared);
    quoted = readEmbed(record.embed, shared);
  }
  const replyParent = objectAt(record.reply, 'parent').uri;
  const [kind, referenced]: [PostKind, unknown] = isRepost
    ? ['repost', objectAt(record, 'subject').uri]
    : quoted !== undefined
      ? ['quote', quoted]
      : replyParent !== undefined
        ? ['reply', replyParent]
        : ['original', null];

  const extra: JsonObject = {
    cid: commit.cid,
    time_us: event.time_us,
    ...unmappedFields(record, MAPPED_RECORD_FIELDS),
  };
  if (kind === 'quote' && replyParent !== undefined) extra.reply_parent_uri = replyParent;
  if (record.createdAt !== undefined && createdAt(record, event.time_us) !== record.createdAt)
    extra.record_created_at = record.createdAt;
  const langs = Array.isArray(record.langs) ? record.langs : [];
  if (langs.length > 1) extra.langs = langs;

  return checkedPost({
    schema: 'post/v1',
    id: recordUri(event, commit),
    platform: 'bluesky',
    author_id: event.did,
    created_at: createdAt(record, event.time_us),
    text: isRepost ? '' : record.text,
    lang: langs[0] ?? null,
    kind,
    referenced_post_id: referenced,
    // A link usually appears twice, as a facet in the text and as the external card: keep it once.
    urls: [...new Set(shared.urls)],
    hashtags: [...new Set(shared.hashtags)],
    mentions: [...new Set(shared.mentions)],
    media_hashes: shared.media_hashes,
    extra,
  });
}

function recordUri(event: JsonObject, commit: JsonObject): string {
  return `at://${String(event.did)}/${String(commit.collection)}/${String(commit.rkey)}`;
}

/** A deleted post or repost, named as its creation was on `posts.raw`, at the relay's time of the delete. */
function deletion(event: JsonObject, commit: JsonObject): AdaptResult {
  const deletedAt = relayTime(event.time_us);
  if (deletedAt === null) {
    return {
      ok: false,
      error: schemaViolation(
        'time_us',
        `must be the relay's time in microseconds since the epoch, got ${describeReceived(event.time_us)}`,
      ),
    };
  }
  return checkedDeletion({
    schema: POST_DELETION_SCHEMA,
    id: recordUri(event, commit),
    platform: 'bluesky',
    author_id: event.did,
    deleted_at: deletedAt,
    extra: { time_us: event.time_us },
  });
}

/** One Jetstream event (a parsed frame) as a Post, a PostDeletion, a skip with its code, or the reason it is malformed. */
export function adaptJetstreamEvent(event: unknown): AdaptResult {
  if (!isJsonObject(event)) {
    return {
      ok: false,
      error: {
        code: 'not_an_object',
        field: null,
        message: `a Jetstream event must be a JSON object, got ${describeReceived(event)}`,
      },
    };
  }
  if (event.kind !== 'commit') {
    return { ok: 'skip', code: 'not_a_commit', reason: `${String(event.kind)} event, not a commit` };
  }
  const commit = objectAt(event, 'commit');
  const collection = String(commit.collection);
  if (collection !== POST_COLLECTION && collection !== REPOST_COLLECTION) {
    return { ok: 'skip', code: 'not_a_post', reason: `${collection} record, not a post or repost` };
  }
  switch (commit.operation) {
    case 'create':
      return recordToPost(event, commit, objectAt(commit, 'record'));
    case 'delete':
      return deletion(event, commit);
    case 'update':
      // Posts on posts.raw are immutable (keyed by id, scored once): an edit is not a new post.
      return {
        ok: 'skip',
        code: 'edit',
        reason: `update operation on ${collection}: an edit, not a new post`,
      };
    default:
      return {
        ok: 'skip',
        code: 'not_a_creation',
        reason: `${String(commit.operation)} operation on ${collection}: only creations are posts`,
      };
  }
}
