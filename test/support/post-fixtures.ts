import type { Post } from '@riptide/contracts';

/** A valid post as a client would send it to ingest (no `schema`: ingest adds it). */
export function clientPost(id: string, overrides: Partial<Post> = {}): Record<string, unknown> {
  return {
    id,
    platform: 'twitter',
    author_id: `author-${id}`,
    created_at: '2026-11-01T12:00:00Z',
    text: `post ${id} about the #election https://example.org/a?utm_source=x`,
    lang: 'en',
    kind: 'original',
    urls: ['https://example.org/a?utm_source=x'],
    hashtags: ['election'],
    mentions: [],
    media_hashes: [],
    ...overrides,
  };
}
