import type { AdaptResult, Post } from '@riptide/contracts';
import { describe, expect, it } from 'vitest';
import { classifyEvent } from './classify-event';

const post = { id: 'p1', text: 'hello', lang: 'de', hashtags: [] } as unknown as Post;
const deletion = {
  schema: 'post-deletion/v1' as const,
  id: 'p1',
  platform: 'bluesky',
  author_id: null,
  deleted_at: '2026-01-01T00:00:00.000Z',
};
const limits = { maxEventBytes: 100, filters: { languages: ['en'], keywords: [], hashtags: [] } };
const event = (result: AdaptResult, bytes = 10) => ({ result, bytes, position: null });

describe('classifyEvent', () => {
  it('skips an oversized frame whatever it holds, deletions included', () => {
    expect(classifyEvent(event({ ok: 'delete', deletion }, 101), limits)).toEqual({
      kind: 'skip',
      reason: 'oversized',
      refusal: '101 bytes, over CONNECTOR_MAX_EVENT_BYTES (100)',
    });
    expect(classifyEvent(event({ ok: 'delete', deletion }, 100), limits).kind).toBe('deletion');
  });

  it('filters posts but never deletions', () => {
    expect(classifyEvent(event({ ok: true, post }), limits)).toEqual({ kind: 'skip', reason: 'filtered' });
    expect(classifyEvent(event({ ok: true, post: { ...post, lang: 'en' } }), limits).kind).toBe('post');
    expect(classifyEvent(event({ ok: 'delete', deletion }), limits)).toEqual({ kind: 'deletion', deletion });
  });

  it('names a skip by its code, and an invalid event by its violation code with what was wrong', () => {
    expect(classifyEvent(event({ ok: 'skip', code: 'not_a_post', reason: 'a like' }), limits)).toEqual({
      kind: 'skip',
      reason: 'not_a_post',
    });
    const error = { code: 'schema_violation' as const, field: 'text', message: 'field `text` …' };
    expect(classifyEvent(event({ ok: false, error }), limits)).toEqual({
      kind: 'skip',
      reason: 'schema_violation',
      refusal: 'text: field `text` …',
    });
  });
});
