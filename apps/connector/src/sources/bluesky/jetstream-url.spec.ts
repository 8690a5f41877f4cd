import { describe, expect, it } from 'vitest';
import { jetstreamUrl, rewoundCursor } from './jetstream-url';

describe('jetstreamUrl', () => {
  it('repeats wantedCollections and wantedDids and sets the cursor and the size limit', () => {
    const url = new URL(
      jetstreamUrl('wss://jetstream1.us-east.bsky.network/subscribe', {
        collections: ['app.bsky.feed.post', 'app.bsky.feed.repost'],
        dids: ['did:plc:a', 'did:web:b.example'],
        cursor: '1725911162329308',
        maxMessageSizeBytes: 262144,
      }),
    );
    expect(url.origin + url.pathname).toBe('wss://jetstream1.us-east.bsky.network/subscribe');
    expect(url.searchParams.getAll('wantedCollections')).toEqual([
      'app.bsky.feed.post',
      'app.bsky.feed.repost',
    ]);
    expect(url.searchParams.getAll('wantedDids')).toEqual(['did:plc:a', 'did:web:b.example']);
    expect(url.searchParams.get('cursor')).toBe('1725911162329308');
    expect(url.searchParams.get('maxMessageSizeBytes')).toBe('262144');
  });

  it('reads live (no cursor) when there is none, keeping the endpoint’s own parameters', () => {
    const url = new URL(
      jetstreamUrl('ws://127.0.0.1:6008/subscribe?compress=false', {
        collections: [],
        dids: [],
        cursor: null,
        maxMessageSizeBytes: 1024,
      }),
    );
    expect(url.searchParams.has('cursor')).toBe(false);
    expect(url.searchParams.has('wantedCollections')).toBe(false);
    expect(url.searchParams.get('compress')).toBe('false');
  });
});

describe('rewoundCursor', () => {
  it('moves a microsecond cursor back by whole seconds, exactly, beyond the float range', () => {
    expect(rewoundCursor('1725911162329308', 5)).toBe('1725911157329308');
    expect(rewoundCursor('99999999999999999999', 1)).toBe('99999999999998999999');
    expect(rewoundCursor('1725911162329308', 0)).toBe('1725911162329308');
  });

  it('stops at zero and refuses what is not a count of microseconds', () => {
    expect(rewoundCursor('3000000', 5)).toBe('0');
    expect(rewoundCursor('17259e3', 5)).toBeNull();
    expect(rewoundCursor('', 5)).toBeNull();
  });
});
