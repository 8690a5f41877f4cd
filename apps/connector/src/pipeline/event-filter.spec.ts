import type { Post } from '@riptide/contracts';
import { describe, expect, it } from 'vitest';
import { passesFilters } from './event-filter';

const post = (overrides: Partial<Post> = {}): Post => ({
  schema: 'post/v1',
  id: 'at://did:plc:a/app.bsky.feed.post/1',
  platform: 'bluesky',
  author_id: 'did:plc:a',
  created_at: '2026-01-01T00:00:00.000Z',
  text: 'The Harbour Bridge at night',
  lang: 'en-GB',
  kind: 'original',
  referenced_post_id: null,
  urls: [],
  hashtags: ['Sydney', 'night'],
  mentions: [],
  media_hashes: [],
  ...overrides,
});
const none = { languages: [], keywords: [], hashtags: [] };

describe('passesFilters', () => {
  it('lets every post through when no filter is set', () => {
    expect(passesFilters(post({ lang: null, text: '' }), none)).toBe(true);
  });

  it('matches a language by its code, also a regional tag of it, and refuses a post without one', () => {
    expect(passesFilters(post(), { ...none, languages: ['en'] })).toBe(true);
    expect(passesFilters(post(), { ...none, languages: ['de', 'fr'] })).toBe(false);
    expect(passesFilters(post({ lang: 'eng' }), { ...none, languages: ['en'] })).toBe(false);
    expect(passesFilters(post({ lang: null }), { ...none, languages: ['en'] })).toBe(false);
  });

  it('matches keywords in the text whatever their case', () => {
    expect(passesFilters(post(), { ...none, keywords: ['harbour'] })).toBe(true);
    expect(passesFilters(post(), { ...none, keywords: ['opera', 'ferry'] })).toBe(false);
  });

  it('matches hashtags without case or a leading #', () => {
    expect(passesFilters(post(), { ...none, hashtags: ['sydney'] })).toBe(true);
    expect(passesFilters(post({ hashtags: ['#SYDNEY'] }), { ...none, hashtags: ['sydney'] })).toBe(true);
    expect(passesFilters(post(), { ...none, hashtags: ['melbourne'] })).toBe(false);
  });

  it('needs every configured kind to match', () => {
    const filters = { languages: ['en'], keywords: ['bridge'], hashtags: ['melbourne'] };
    expect(passesFilters(post(), filters)).toBe(false);
    expect(passesFilters(post(), { ...filters, hashtags: ['night'] })).toBe(true);
  });
});
