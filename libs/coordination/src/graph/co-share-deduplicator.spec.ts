import { describe, expect, it } from 'vitest';
import type { CoEdge } from '../share';
import { CoShareDeduplicator } from './co-share-deduplicator';

const edge = (olderId: string, newerId: string, time: number, overrides: Partial<CoEdge> = {}): CoEdge => ({
  older: `account-of-${olderId}`,
  newer: `account-of-${newerId}`,
  object: 'post:1',
  signal: 'co-post',
  time,
  deltaSeconds: 1,
  weight: 1,
  olderId,
  newerId,
  ...overrides,
});

describe('CoShareDeduplicator', () => {
  it('sees a co-share once, whichever way round its two posts come', () => {
    const seen = new CoShareDeduplicator(3600);
    expect(seen.firstSeen(edge('p1', 'p2', 100))).toBe(true);
    expect(seen.firstSeen(edge('p1', 'p2', 100))).toBe(false);
    expect(seen.firstSeen(edge('p2', 'p1', 100))).toBe(false);
    expect(seen.size).toBe(1);
  });

  it('tells co-shares apart by signal, object and posts', () => {
    const seen = new CoShareDeduplicator(3600);
    expect(seen.firstSeen(edge('p1', 'p2', 100))).toBe(true);
    expect(seen.firstSeen(edge('p1', 'p3', 100))).toBe(true);
    expect(seen.firstSeen(edge('p1', 'p2', 100, { object: 'post:2' }))).toBe(true);
    expect(seen.firstSeen(edge('p1', 'p2', 100, { signal: 'co-url' }))).toBe(true);
    expect(seen.size).toBe(4);
  });

  it('forgets co-shares older than the horizon behind the newest edge, so memory follows the horizon', () => {
    const seen = new CoShareDeduplicator(100);
    for (let time = 0; time < 10_000; time++) seen.firstSeen(edge(`a${time}`, `b${time}`, time));
    expect(seen.size).toBe(101);
    expect(seen.firstSeen(edge('a9899', 'b9899', 9899))).toBe(false);
    expect(seen.firstSeen(edge('a9898', 'b9898', 9898))).toBe(true);
  });

  it('counts edges without both share ids every time: they cannot be told apart', () => {
    const seen = new CoShareDeduplicator(3600);
    const anonymous = edge('p1', 'p2', 100, { olderId: undefined });
    expect(seen.firstSeen(anonymous)).toBe(true);
    expect(seen.firstSeen(anonymous)).toBe(true);
    expect(seen.size).toBe(0);
  });
});
