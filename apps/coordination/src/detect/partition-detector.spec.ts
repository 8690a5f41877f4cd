import { coordinationEdgeCodec, type ShareEvent } from '@riptide/contracts';
import { describe, expect, it } from 'vitest';
import { PartitionDetector } from './partition-detector';

const settings = { windows: {}, allowedLatenessSeconds: 30, maxSharesPerObject: 100 };

function share(account: string, object: string, second: number, post = `${account}-${second}`): ShareEvent {
  const kind = object.slice(0, object.indexOf(':')) as ShareEvent['object_kind'];
  return {
    schema: 'share/v1',
    object_id: object,
    object_kind: kind,
    account_id: account,
    post_id: post,
    shared_at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  };
}

describe('PartitionDetector', () => {
  it('emits valid coordination edges with both posts, the smaller account first', () => {
    const detector = new PartitionDetector(settings);
    expect(
      detector.detect(share('zoe', 'url:https://x.org/a', 0, 'post-z'), '2026-01-01T01:00:00.000Z'),
    ).toEqual([]);
    const [edge] = detector.detect(
      share('adam', 'url:https://x.org/a', 12, 'post-a'),
      '2026-01-01T01:00:00.000Z',
    );
    expect(edge).toMatchObject({
      signal: 'co-url',
      account_a: 'adam',
      account_b: 'zoe',
      post_a: 'post-a',
      post_b: 'post-z',
      at_a: '2026-01-01T00:00:12.000Z',
      at_b: '2026-01-01T00:00:00.000Z',
      delta_t_s: 12,
    });
    expect(coordinationEdgeCodec.check(JSON.parse(JSON.stringify(edge))).ok).toBe(true);
  });

  it('maps object kinds to signals with their own windows (domain: 10 s by default)', () => {
    const detector = new PartitionDetector(settings);
    detector.detect(share('a', 'domain:x.org', 0), 'now');
    expect(detector.detect(share('b', 'domain:x.org', 11), 'now')).toEqual([]);
    expect(detector.detect(share('c', 'domain:x.org', 20), 'now').map((edge) => edge.signal)).toEqual([
      'co-domain',
    ]);
  });

  it('after a replay, pairs new shares with replayed ones but never re-emits replayed pairs', () => {
    const detector = new PartitionDetector(settings);
    detector.replay(share('a', 'post:1', 0));
    detector.replay(share('b', 'post:1', 5));
    const edges = detector.detect(share('c', 'post:1', 10), 'now');
    expect(edges.map((edge) => [edge.account_a, edge.account_b]).sort()).toEqual([
      ['a', 'c'],
      ['b', 'c'],
    ]);
  });

  it('forgets shares once the window has passed, keeping memory bounded', () => {
    const detector = new PartitionDetector(settings);
    for (let second = 0; second < 1000; second++)
      detector.detect(share(`a${second}`, `post:${second}`, second), 'now');
    expect(detector.stats().bufferedShares).toBeLessThan(200);
    expect(detector.memorySeconds).toBe(90);
  });

  it('ignores a share whose post it already holds, live or replayed, and counts it once', () => {
    const detector = new PartitionDetector(settings);
    detector.replay(share('a', 'post:1', 0));
    detector.replay(share('a', 'post:1', 0));
    const first = detector.detect(share('b', 'post:1', 5), 'now');
    expect(first.map((edge) => [edge.post_a, edge.post_b])).toEqual([['a-0', 'b-5']]);
    expect(detector.detect(share('b', 'post:1', 5), 'now')).toEqual([]);
    expect(detector.droppedSinceLastCall()).toEqual({
      lateDropped: 0,
      overflowDropped: 0,
      duplicateDropped: 2,
    });
    expect(detector.droppedSinceLastCall().duplicateDropped).toBe(0);
  });

  it('names each post of an account that shared one object twice in the same second', () => {
    const detector = new PartitionDetector(settings);
    detector.detect(share('a', 'post:1', 0, 'a-first'), 'now');
    detector.detect(share('a', 'post:1', 0, 'a-second'), 'now');
    const edges = detector.detect(share('b', 'post:1', 3, 'b-1'), 'now');
    expect(edges.map((edge) => edge.post_a).sort()).toEqual(['a-first', 'a-second']);
  });
});
