import { defineCodec } from '../codec';
import { describeReceived, schemaViolation, type ContractViolation } from '../contract-violation';
import { isJsonObject, type JsonObject } from '../json-object';
import { POST_KINDS, type PostKind } from '../labels';
import { demographicsSchema, type Demographics } from './demographics';
import { dateTime, identifier, list, MAX_ID_LENGTH, platform, schemaName } from './fragments';

export const POST_SCHEMA = 'post/v1';

/** One social-media post as it enters `posts.raw`, whatever platform it came from. */
export interface Post {
  schema: typeof POST_SCHEMA;
  id: string;
  platform: string;
  author_id: string;
  created_at: string;
  /** Empty for a pure repost. */
  text: string;
  lang?: string | null;
  kind: PostKind;
  /** The reposted, quoted or replied-to post: required for repost and quote, absent or null for original. */
  referenced_post_id?: string | null;
  urls: string[];
  /** Without the leading `#`. */
  hashtags: string[];
  mentions: string[];
  media_hashes: string[];
  /** Demographics of the author as the source gives them. */
  author?: Demographics;
  /** Everything the source sent that has no field here: kept, never dropped. */
  extra?: Record<string, unknown>;
}

const emptyByDefault = (items: object) => ({ ...list(items), default: [] });

const postProperties = {
  schema: schemaName(POST_SCHEMA),
  id: identifier,
  platform,
  author_id: identifier,
  created_at: dateTime,
  text: { type: 'string', maxLength: 100_000 },
  lang: { type: ['string', 'null'], minLength: 1, maxLength: 35 },
  kind: { type: 'string', enum: POST_KINDS },
  referenced_post_id: { type: ['string', 'null'], minLength: 1, maxLength: MAX_ID_LENGTH },
  urls: emptyByDefault({ type: 'string', minLength: 1, maxLength: 8192 }),
  hashtags: emptyByDefault({
    type: 'string',
    minLength: 1,
    maxLength: 280,
    pattern: '^[^#]',
    description: 'a hashtag without the leading #',
  }),
  mentions: emptyByDefault(identifier),
  media_hashes: emptyByDefault({ type: 'string', minLength: 1, maxLength: 1024 }),
  author: demographicsSchema,
  extra: { type: 'object' },
};

/** The Post schema as other contracts embed it (in a ScoredPost): unknown fields are not allowed there. */
export const postJsonSchema = {
  title: POST_SCHEMA,
  description:
    'A social-media post. Missing urls, hashtags, mentions and media_hashes are read as []. ' +
    'referenced_post_id is required for kind repost and quote, and absent or null for original. ' +
    'When decoding a post/v1 message, unknown top-level fields are moved into extra.',
  type: 'object',
  properties: postProperties,
  required: [
    'schema',
    'id',
    'platform',
    'author_id',
    'created_at',
    'text',
    'kind',
    'urls',
    'hashtags',
    'mentions',
    'media_hashes',
  ],
  additionalProperties: false,
} as const;

const KNOWN_FIELDS = new Set(Object.keys(postProperties));

/** Moves top-level fields post/v1 does not know into `extra`, so a new source field is kept, not lost. */
function keepUnknownFieldsInExtra(post: JsonObject): ContractViolation | null {
  let extra: JsonObject | undefined;
  for (const key in post) {
    if (KNOWN_FIELDS.has(key)) continue;
    if (extra === undefined) {
      if (post.extra === undefined) post.extra = {};
      if (!isJsonObject(post.extra)) {
        return schemaViolation(
          'extra',
          `must be an object to keep the unknown field \`${key}\`, got ${describeReceived(post.extra)}`,
        );
      }
      extra = post.extra;
    }
    if (Object.hasOwn(extra, key)) {
      return schemaViolation(
        key,
        'is unknown to post/v1 and also present in `extra`: send it in one place only',
      );
    }
    // defineProperty, not assignment: a key named `__proto__` must stay data, not become a prototype.
    Object.defineProperty(extra, key, {
      value: post[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
    delete post[key];
  }
  return null;
}

/** `at` is where the post sits inside a larger message (`post` in a ScoredPost), empty at the top. */
export function referencedPostMatchesKind(post: Post, at = ''): ContractViolation | null {
  const field = at === '' ? 'referenced_post_id' : `${at}.referenced_post_id`;
  const reference = post.referenced_post_id;
  const hasReference = reference !== undefined && reference !== null;
  if ((post.kind === 'repost' || post.kind === 'quote') && !hasReference) {
    return schemaViolation(field, `is required for a ${post.kind}: it names the post being shared`);
  }
  if (post.kind === 'original' && hasReference) {
    return schemaViolation(
      field,
      `must be absent or null for an original post, got ${describeReceived(reference)}; use kind repost, quote or reply`,
    );
  }
  return null;
}

export const postCodec = defineCodec<Post>({
  schema: POST_SCHEMA,
  jsonSchema: postJsonSchema,
  normalise: keepUnknownFieldsInExtra,
  crossFieldRules: (post) => referencedPostMatchesKind(post),
});
