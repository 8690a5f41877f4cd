import { describe, expect, it } from 'vitest';
import { ResponseCache } from './response-cache';

const answer = (body: string) => ({ body, headers: [['Content-Type', 'application/json']] as const });

describe('ResponseCache', () => {
  it('answers a URL at the version it was stored at, and not at another', () => {
    const cache = new ResponseCache(1_000);
    cache.set('/v1/clusters', 'v1', answer('[1]'));
    expect(cache.get('/v1/clusters', 'v1')?.body).toBe('[1]');
    expect(cache.get('/v1/clusters', 'v2')).toBeUndefined();
    // The stale entry is gone, not kept for the old version.
    expect(cache.get('/v1/clusters', 'v1')).toBeUndefined();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('drops the least recently used answers once the bodies pass the budget', () => {
    const cache = new ResponseCache(40);
    cache.set('/a', 'v', answer('a'.repeat(10)));
    cache.set('/b', 'v', answer('b'.repeat(10)));
    cache.set('/c', 'v', answer('c'.repeat(10)));
    cache.get('/a', 'v');
    cache.set('/d', 'v', answer('d'.repeat(10)));
    cache.set('/e', 'v', answer('e'.repeat(10)));
    expect(cache.get('/b', 'v')).toBeUndefined();
    expect(cache.get('/a', 'v')?.body).toBe('a'.repeat(10));
    expect(cache.size.bytes).toBeLessThanOrEqual(40);
  });

  it('keeps no answer larger than a quarter of the budget, and nothing when disabled', () => {
    const cache = new ResponseCache(40);
    cache.set('/big', 'v', answer('x'.repeat(11)));
    expect(cache.get('/big', 'v')).toBeUndefined();
    expect(new ResponseCache(0).enabled).toBe(false);
  });

  it('replaces an answer stored again for the same URL without counting it twice', () => {
    const cache = new ResponseCache(100);
    cache.set('/a', 'v1', answer('1234'));
    cache.set('/a', 'v2', answer('12'));
    expect(cache.size).toEqual({ entries: 1, bytes: 2 });
  });
});
