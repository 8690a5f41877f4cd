import { defineCodec } from '../codec';
import { demographicsSchema, type Demographics } from './demographics';
import { closedObject, dateTime, identifier, nonNegativeInteger, platform, schemaName } from './fragments';

export const AUTHOR_PROFILE_SCHEMA = 'author/v1';

/** What is known about an author; the compacted `authors` topic holds the latest per author id. */
export interface AuthorProfile {
  schema: typeof AUTHOR_PROFILE_SCHEMA;
  author_id: string;
  platform: string;
  /** May be empty when nothing is known. */
  demographics: Demographics;
  account_created_at?: string;
  followers?: number;
  following?: number;
  verified?: boolean;
  updated_at: string;
}

export const authorProfileJsonSchema = {
  title: AUTHOR_PROFILE_SCHEMA,
  ...closedObject(
    {
      schema: schemaName(AUTHOR_PROFILE_SCHEMA),
      author_id: identifier,
      platform,
      demographics: demographicsSchema,
      account_created_at: dateTime,
      followers: nonNegativeInteger,
      following: nonNegativeInteger,
      verified: { type: 'boolean' },
      updated_at: dateTime,
    },
    ['schema', 'author_id', 'platform', 'demographics', 'updated_at'],
  ),
};

export const authorProfileCodec = defineCodec<AuthorProfile>({
  schema: AUTHOR_PROFILE_SCHEMA,
  jsonSchema: authorProfileJsonSchema,
});
