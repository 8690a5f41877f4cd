import { defineCodec } from '../codec';
import { closedObject, dateTime, identifier, platform, schemaName } from './fragments';

export const POST_DELETION_SCHEMA = 'post-deletion/v1';

/**
 * A source's notice that a post was deleted, on `posts.deleted` keyed by post id: downstream stores
 * erase the post and stop deriving from it. The id is the one the post had on `posts.raw`.
 */
export interface PostDeletion {
  schema: typeof POST_DELETION_SCHEMA;
  id: string;
  platform: string;
  /** Null when the source's delete notice does not name the author (Mastodon's carries the id only). */
  author_id: string | null;
  /** When the source saw the delete (its clock, not ours). */
  deleted_at: string;
  extra?: Record<string, unknown>;
}

export const postDeletionJsonSchema = {
  title: POST_DELETION_SCHEMA,
  ...closedObject(
    {
      schema: schemaName(POST_DELETION_SCHEMA),
      id: identifier,
      platform,
      author_id: { ...identifier, type: ['string', 'null'] },
      deleted_at: dateTime,
      extra: { type: 'object' },
    },
    ['schema', 'id', 'platform', 'author_id', 'deleted_at'],
  ),
};

export const postDeletionCodec = defineCodec<PostDeletion>({
  schema: POST_DELETION_SCHEMA,
  jsonSchema: postDeletionJsonSchema,
});
