import type { AuthorProfile, Post } from '@riptide/contracts';

/** A valid post/v1 as ingest writes it to posts.raw. */
export function rawPost(id: string, authorId: string, overrides: Partial<Post> = {}): Post {
  return {
    schema: 'post/v1',
    id,
    platform: 'twitter',
    author_id: authorId,
    created_at: '2026-11-01T12:00:00Z',
    text: `an ordinary post number ${id}`,
    lang: 'en',
    kind: 'original',
    urls: [],
    hashtags: [],
    mentions: [],
    media_hashes: [],
    ...overrides,
  };
}

export function authorProfile(authorId: string, demographics: Record<string, string>): AuthorProfile {
  return {
    schema: 'author/v1',
    author_id: authorId,
    platform: 'twitter',
    demographics,
    followers: 120,
    updated_at: '2026-10-01T00:00:00Z',
  };
}

export const encode = (value: object): string => JSON.stringify(value);
