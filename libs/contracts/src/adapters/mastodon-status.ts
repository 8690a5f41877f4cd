import { describeReceived, schemaViolation, type ContractViolation } from '../contract-violation';
import { isJsonObject, objectAt, objectsIn, type JsonObject } from '../json-object';
import type { PostKind } from '../labels';
import { POST_SCHEMA } from '../schemas/post';
import { POST_DELETION_SCHEMA } from '../schemas/post-deletion';
import { checkedDeletion } from './checked-deletion';
import { checkedPost } from './checked-post';
import { htmlAnchors, htmlToText } from './html-text';
import type { AdaptResult } from './post-format';

// Mastodon API Status entities, as the streaming API (`update` events) and the REST timelines send
// them. Status ids are local to the instance that serves them: a `delete` event carries only that
// id, so every post id is built from the instance and the id (see mastodonPostId).

/** Statuses anyone may read; private and direct ones are not published posts. */
const POST_VISIBILITIES = new Set(['public', 'unlisted']);

/** Snowflake-like decimal ids (about 18 digits); the bound keeps the post id a short identifier. */
const STATUS_ID = /^\d{1,64}$/;

/**
 * Mastodon 4.4+ keeps a "RE: <link>" paragraph in a quote's HTML for clients that cannot show quotes.
 * The quote is mapped as such; the fallback would only repeat it in the text and as a shared link.
 */
const QUOTE_FALLBACK = /<p\s+class="quote-inline"[^>]*>[\s\S]*?<\/p>/gi;

/** Links in `content` that Mastodon marks as a mention or a hashtag are not shared links. */
const NOT_LINK_CLASSES = ['mention', 'hashtag'];

function instanceOrigin(instance: string): string {
  try {
    return new URL(instance).origin;
  } catch {
    throw new TypeError(
      `the Mastodon instance must be a URL such as https://mastodon.social, got ${describeReceived(instance)}`,
    );
  }
}

function statusUrl(origin: string, statusId: string): string {
  return `${origin}/api/v1/statuses/${statusId}`;
}

/**
 * A Mastodon post's id: the status's REST URL on the instance it was read from. Dereferenceable, and
 * buildable from a `delete` event, which names the status by its instance-local id only.
 */
export function mastodonPostId(instance: string, statusId: string): string {
  return statusUrl(instanceOrigin(instance), statusId);
}

function statusIdProblem(value: unknown, field: string): ContractViolation | null {
  if (typeof value === 'string' && STATUS_ID.test(value)) return null;
  return schemaViolation(
    field,
    `must be a Mastodon status id (a non-empty string of digits), got ${describeReceived(value)}`,
  );
}

/** The quoted status's id when the quote is accepted; a ShallowQuote (inside a quoted status) has only the id. */
function acceptedQuoteId(quote: unknown): unknown {
  if (!isJsonObject(quote) || quote.state !== 'accepted') return undefined;
  return isJsonObject(quote.quoted_status) ? quote.quoted_status.id : (quote.quoted_status_id ?? undefined);
}

interface Reference {
  kind: PostKind;
  /** The referenced status's local id, or null for an original. */
  statusId: unknown;
  field: string;
}

function referenceOf(status: JsonObject): Reference {
  if (isJsonObject(status.reblog)) return { kind: 'repost', statusId: status.reblog.id, field: 'reblog.id' };
  const quoted = acceptedQuoteId(status.quote);
  if (quoted !== undefined) {
    const field = isJsonObject(objectAt(status, 'quote').quoted_status)
      ? 'quote.quoted_status.id'
      : 'quote.quoted_status_id';
    return { kind: 'quote', statusId: quoted, field };
  }
  const replyTo = status.in_reply_to_id;
  if (replyTo !== null && replyTo !== undefined)
    return { kind: 'reply', statusId: replyTo, field: 'in_reply_to_id' };
  return { kind: 'original', statusId: null, field: '' };
}

/** Shared links: the preview card's and those in the text, each once, mentions and hashtags excluded. */
function sharedUrls(html: string, card: unknown): string[] {
  const urls = new Set<string>();
  for (const anchor of htmlAnchors(html))
    if (!anchor.classes.some((name) => NOT_LINK_CLASSES.includes(name))) urls.add(anchor.href);
  const cardUrl = isJsonObject(card) ? card.url : undefined;
  if (typeof cardUrl === 'string' && cardUrl !== '') urls.add(cardUrl);
  return [...urls];
}

/**
 * Media are named by their BlurHash, a perceptual hash (a few DCT coefficients of the image): every
 * Mastodon instance computes it from the image itself, so copies of one picture share it across
 * instances, while distinct images that look alike (plain black) can collide. Audio has none.
 */
function mediaHashes(attachments: unknown): string[] {
  return objectsIn(attachments).flatMap((media) =>
    typeof media.blurhash === 'string' && media.blurhash !== '' ? [`blurhash:${media.blurhash}`] : [],
  );
}

/** Fields kept for provenance and display; the rest of a Status (counts, emojis, the account) is not. */
function extraOf(status: JsonObject, reference: Reference): JsonObject {
  const extra: JsonObject = { id: status.id };
  for (const key of ['uri', 'url', 'visibility', 'sensitive', 'edited_at'])
    if (status[key] !== undefined && status[key] !== null) extra[key] = status[key];
  if (typeof status.spoiler_text === 'string' && status.spoiler_text !== '')
    extra.spoiler_text = status.spoiler_text;
  if (reference.kind === 'repost') extra.reblog_uri = objectAt(status, 'reblog').uri;
  if (reference.kind === 'quote') {
    const quotedUri = objectAt(objectAt(status, 'quote'), 'quoted_status').uri;
    if (quotedUri !== undefined) extra.quoted_uri = quotedUri;
    if (status.in_reply_to_id !== null && status.in_reply_to_id !== undefined)
      extra.in_reply_to_id = status.in_reply_to_id;
  }
  return extra;
}

function violation(error: ContractViolation): AdaptResult {
  return { ok: false, error };
}

/**
 * One Mastodon Status read from `instance` (the origin its stream or timeline was read from, such as
 * https://mastodon.social) as a Post; private and direct statuses are skipped as `not_a_post`.
 * Throws a TypeError when `instance` is not a URL: that is configuration, not data.
 */
export function adaptMastodonStatus(status: unknown, instance: string): AdaptResult {
  const origin = instanceOrigin(instance);
  if (!isJsonObject(status)) {
    return violation({
      code: 'not_an_object',
      field: null,
      message: `a Mastodon status must be a JSON object, got ${describeReceived(status)}`,
    });
  }
  const idProblem = statusIdProblem(status.id, 'id');
  if (idProblem) return violation(idProblem);
  if (typeof status.visibility !== 'string') {
    return violation(
      schemaViolation(
        'visibility',
        `must be public, unlisted, private or direct, got ${describeReceived(status.visibility)}`,
      ),
    );
  }
  if (!POST_VISIBILITIES.has(status.visibility)) {
    return {
      ok: 'skip',
      code: 'not_a_post',
      reason: `${status.visibility} status: only public and unlisted statuses are posts`,
    };
  }
  const account = objectAt(status, 'account');
  const authorId = account.uri ?? account.url;
  if (typeof authorId !== 'string' || authorId === '') {
    return violation(
      schemaViolation(
        'account.uri',
        `(or \`account.url\`) must name the author, got ${describeReceived(authorId)}`,
      ),
    );
  }
  const reference = referenceOf(status);
  if (reference.kind !== 'original') {
    const referenceProblem = statusIdProblem(reference.statusId, reference.field);
    if (referenceProblem) return violation(referenceProblem);
  }
  const isRepost = reference.kind === 'repost';
  // A reblog is a wrapper: the reblogged status's content is not this post's text.
  if (!isRepost && typeof status.content !== 'string') {
    return violation(
      schemaViolation('content', `must be the status's HTML, got ${describeReceived(status.content)}`),
    );
  }
  const html = isRepost ? '' : (status.content as string).replace(QUOTE_FALLBACK, '');

  return checkedPost({
    schema: POST_SCHEMA,
    id: statusUrl(origin, status.id as string),
    platform: 'mastodon',
    author_id: authorId,
    created_at: status.created_at,
    text: htmlToText(html),
    lang: status.language ?? null,
    kind: reference.kind,
    referenced_post_id:
      reference.kind === 'original' ? null : statusUrl(origin, reference.statusId as string),
    urls: sharedUrls(html, status.card),
    hashtags: [...new Set(objectsIn(status.tags).map((tag) => tag.name))],
    mentions: [...new Set(objectsIn(status.mentions).map((mention) => mention.url))],
    media_hashes: mediaHashes(status.media_attachments),
    extra: extraOf(status, reference),
  });
}

/**
 * A `delete` event of the stream read from `instance`: the status id alone, at `deletedAt` (the
 * event carries no time, so the caller gives its receive time). The author is not named.
 */
export function mastodonDeletion(statusId: unknown, instance: string, deletedAt: string): AdaptResult {
  const origin = instanceOrigin(instance);
  const idProblem = statusIdProblem(statusId, 'id');
  if (idProblem) return violation(idProblem);
  return checkedDeletion({
    schema: POST_DELETION_SCHEMA,
    id: statusUrl(origin, statusId as string),
    platform: 'mastodon',
    author_id: null,
    deleted_at: deletedAt,
  });
}
