import { describeReceived } from '../contract-violation';
import { isJsonObject, objectsIn, unmappedFields, type JsonObject } from '../json-object';
import type { PostKind } from '../labels';
import { checkedPost } from './checked-post';
import type { AdaptResult } from './post-format';

// Twitter/X API v2: a tweet object per line, or response pages `{data, includes}` (a search page
// holds `data: [...]`, a stream message or lookup holds `data: {...}`). Fields without a Post
// counterpart stay on `extra`.

/** Tweet fields this adapter maps; every other field of the tweet is kept on `extra`. */
const MAPPED_FIELDS = new Set([
  'id',
  'text',
  'author_id',
  'created_at',
  'lang',
  'referenced_tweets',
  'entities',
  'attachments',
  'note_tweet',
]);

/** Which reference decides the kind when a tweet has several (a reply that quotes is a quote). */
const REFERENCE_KINDS: [string, PostKind][] = [
  ['retweeted', 'repost'],
  ['quoted', 'quote'],
  ['replied_to', 'reply'],
];

interface Includes {
  usernames: Map<unknown, unknown>;
  mediaUrls: Map<unknown, unknown>;
}

const NO_INCLUDES: Includes = { usernames: new Map(), mediaUrls: new Map() };

function readIncludes(includes: unknown): Includes {
  if (!isJsonObject(includes)) return NO_INCLUDES;
  return {
    usernames: new Map(objectsIn(includes.users).map((user) => [user.id, user.username])),
    mediaUrls: new Map(
      objectsIn(includes.media).map((media) => [media.media_key, media.url ?? media.preview_image_url]),
    ),
  };
}

function entityValues(entities: unknown, list: string, ...keys: string[]): unknown[] {
  if (!isJsonObject(entities)) return [];
  return objectsIn(entities[list]).map((entity) =>
    keys.map((key) => entity[key]).find((value) => value !== undefined),
  );
}

function tweetToPost(tweet: JsonObject, includes: Includes): AdaptResult {
  const references = objectsIn(tweet.referenced_tweets);
  const [type, kind] = REFERENCE_KINDS.find(([type]) => references.some((ref) => ref.type === type)) ?? [
    null,
    'original',
  ];
  // A long tweet (> 280 characters) has its full text and entities on note_tweet.
  const note = isJsonObject(tweet.note_tweet) ? tweet.note_tweet : {};
  const entities = note.entities ?? tweet.entities;
  const attachments = isJsonObject(tweet.attachments) ? tweet.attachments : {};
  const mediaKeys = Array.isArray(attachments.media_keys) ? attachments.media_keys : [];

  const extra = unmappedFields(tweet, MAPPED_FIELDS);
  if (references.length > 1) extra.referenced_tweets = tweet.referenced_tweets;
  const username = includes.usernames.get(tweet.author_id);
  if (username !== undefined) extra.author_username = username;

  return checkedPost({
    schema: 'post/v1',
    id: tweet.id,
    platform: 'twitter',
    author_id: tweet.author_id,
    created_at: tweet.created_at,
    text: note.text ?? tweet.text,
    lang: tweet.lang ?? null,
    kind,
    referenced_post_id: references.find((ref) => ref.type === type)?.id ?? null,
    urls: entityValues(entities, 'urls', 'expanded_url', 'url'),
    hashtags: entityValues(entities, 'hashtags', 'tag'),
    mentions: entityValues(entities, 'mentions', 'username'),
    media_hashes: mediaKeys.map((key: unknown) => includes.mediaUrls.get(key) ?? key),
    ...(Object.keys(extra).length > 0 && { extra }),
  });
}

function describeApiErrors(errors: unknown): string {
  const first = objectsIn(errors)[0];
  return first ? `: ${String(first.detail ?? first.title ?? first.message ?? 'unknown error')}` : '';
}

function notATweet(value: unknown): AdaptResult {
  return {
    ok: false,
    error: {
      code: 'not_an_object',
      field: null,
      message: `a tweet must be a JSON object, got ${describeReceived(value)}`,
    },
  };
}

export function* adaptTwitterV2(value: unknown): Generator<AdaptResult> {
  if (Array.isArray(value)) {
    for (const tweet of value) yield* adaptTwitterV2(tweet);
    return;
  }
  if (!isJsonObject(value)) {
    yield notATweet(value);
    return;
  }
  if (!('data' in value) && !('id' in value)) {
    yield {
      ok: 'skip',
      code: 'empty_response',
      reason: `a response without data${describeApiErrors(value.errors)}`,
    };
    return;
  }
  if (!('data' in value)) {
    yield tweetToPost(value, NO_INCLUDES);
    return;
  }
  const includes = readIncludes(value.includes);
  const tweets = Array.isArray(value.data) ? value.data : [value.data];
  for (const tweet of tweets) {
    yield isJsonObject(tweet) ? tweetToPost(tweet, includes) : notATweet(tweet);
  }
}
