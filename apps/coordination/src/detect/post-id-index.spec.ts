import { describe, expect, it } from 'vitest';
import { PostIdIndex } from './post-id-index';

describe('PostIdIndex', () => {
  it('finds the post of a share and forgets shares older than the horizon', () => {
    const index = new PostIdIndex();
    index.remember('url:a', 'alice', 100, 'p1');
    index.remember('url:a', 'bob', 150, 'p2');
    expect(index.postOf('url:a', 'alice', 100)).toBe('p1');
    index.evictBefore(120);
    expect(index.size).toBe(1);
    expect(() => index.postOf('url:a', 'alice', 100)).toThrow(
      /no post remembered for account alice on url:a at 100/,
    );
    expect(index.postOf('url:a', 'bob', 150)).toBe('p2');
  });
});
