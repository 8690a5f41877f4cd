import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { orderByObjectAndTime } from '../batch/object-order';
import { sweepWindowPairs } from '../batch/window-sweep';
import { CSV_SHARE_LAYOUTS, readSharesFromCsv } from '../csv/share-table-from-csv';
import type { CoEdge, Share } from '../share';
import { simulateCampaigns } from '../simulation/planted-campaigns';
import type { ShareTable } from '../table/share-table';
import { StreamingCoShareDetector } from './streaming-detector';

const russianCsv = join(
  process.env.RIPTIDE_DATA_DIR ?? resolve('../shared/data'),
  'coordination/coortweet/russian_coord_tweets.csv',
);

function sharesInTimeOrder(table: ShareTable): Share[] {
  const shares: Share[] = [];
  for (let row = 0; row < table.length; row++) {
    shares.push({
      account: table.accounts[table.account[row]],
      object: table.objects[table.object[row]],
      time: table.time[row],
    });
  }
  return shares.sort((a, b) => a.time - b.time);
}

function pairKey(edge: { older: string; newer: string; object: string; deltaSeconds: number }): string {
  const [a, b] = edge.older < edge.newer ? [edge.older, edge.newer] : [edge.newer, edge.older];
  return `${a}|${b}|${edge.object}|${edge.deltaSeconds}`;
}

describe.skipIf(!existsSync(russianCsv) && !process.env.CI)(
  'streaming front end against the batch core',
  () => {
    const { table } = readSharesFromCsv(readFileSync(russianCsv), CSV_SHARE_LAYOUTS.coortweet);
    const batchKeys = (() => {
      const pairs = sweepWindowPairs(
        table,
        orderByObjectAndTime(table),
        60,
        (a, b) => table.account[a] !== table.account[b],
      );
      const keys: string[] = [];
      for (let k = 0; k < pairs.length; k++) {
        const older = pairs.older[k];
        const newer = pairs.newer[k];
        keys.push(
          pairKey({
            older: table.accounts[table.account[older]],
            newer: table.accounts[table.account[newer]],
            object: table.objects[table.object[older]],
            deltaSeconds: table.time[newer] - table.time[older],
          }),
        );
      }
      return keys.sort();
    })();

    it('emits exactly the batch pairs when fed in time order', () => {
      const detector = new StreamingCoShareDetector({
        signals: { 'co-post': { windowSeconds: 60 } },
        allowedLatenessSeconds: 0,
      });
      const keys: string[] = [];
      for (const share of sharesInTimeOrder(table))
        for (const edge of detector.push(share)) keys.push(pairKey(edge));
      expect(keys.length).toBeGreaterThan(1000);
      expect(keys.sort()).toEqual(batchKeys);
    });

    it('emits the same pairs when shares arrive out of order within the lateness', () => {
      const shares = sharesInTimeOrder(table);
      // Swap neighbours in blocks of 7 so that each share is at most a few seconds out of place.
      for (let i = 0; i + 7 < shares.length; i += 7) [shares[i], shares[i + 6]] = [shares[i + 6], shares[i]];
      let newest = Number.NEGATIVE_INFINITY;
      let maxDisorder = 0;
      for (const share of shares) {
        newest = Math.max(newest, share.time);
        maxDisorder = Math.max(maxDisorder, newest - share.time);
      }
      expect(maxDisorder).toBeGreaterThan(0);
      const detector = new StreamingCoShareDetector({
        signals: { 'co-post': { windowSeconds: 60 } },
        allowedLatenessSeconds: maxDisorder,
      });
      const keys: string[] = [];
      for (const share of shares) for (const edge of detector.push(share)) keys.push(pairKey(edge));
      expect(detector.stats().lateDropped).toBe(0);
      expect(keys.sort()).toEqual(batchKeys);
    });
  },
);

describe('StreamingCoShareDetector', () => {
  it('pairs distinct accounts within the window, inclusive, and never an account with itself', () => {
    const detector = new StreamingCoShareDetector({
      signals: { 'co-url': { windowSeconds: 10, weight: 2 } },
    });
    expect(detector.push({ account: 'a', object: 'u', time: 100, signal: 'co-url' })).toEqual([]);
    expect(detector.push({ account: 'a', object: 'u', time: 101, signal: 'co-url' })).toEqual([]);
    const edges = detector.push({ account: 'b', object: 'u', time: 110, signal: 'co-url' });
    expect(edges).toEqual<CoEdge[]>([
      { older: 'a', newer: 'b', object: 'u', signal: 'co-url', time: 110, deltaSeconds: 9, weight: 2 },
      { older: 'a', newer: 'b', object: 'u', signal: 'co-url', time: 110, deltaSeconds: 10, weight: 2 },
    ]);
    expect(
      detector.push({ account: 'c', object: 'u', time: 120, signal: 'co-url' }).map((edge) => edge.older),
    ).toEqual(['b']);
  });

  it('keeps signals apart: the same object id under two signals never pairs', () => {
    const detector = new StreamingCoShareDetector();
    detector.push({ account: 'a', object: 'x', time: 0, signal: 'co-hashtag' });
    expect(detector.push({ account: 'b', object: 'x', time: 1, signal: 'co-url' })).toHaveLength(0);
    expect(detector.push({ account: 'c', object: 'x', time: 2, signal: 'co-hashtag' })).toHaveLength(1);
  });

  it('counts and drops shares later than the allowed lateness, and pairs late-but-allowed ones', () => {
    const detector = new StreamingCoShareDetector({ allowedLatenessSeconds: 5 });
    detector.push({ account: 'a', object: 'p', time: 1000 });
    const late = detector.push({ account: 'b', object: 'p', time: 996 });
    expect(late).toEqual([expect.objectContaining({ older: 'b', newer: 'a', deltaSeconds: 4, time: 1000 })]);
    expect(detector.push({ account: 'c', object: 'p', time: 990 })).toHaveLength(0);
    expect(detector.stats()).toMatchObject({ accepted: 2, lateDropped: 1 });
  });

  it('forgets objects once the watermark passes their window, so memory follows the window', () => {
    const detector = new StreamingCoShareDetector({ allowedLatenessSeconds: 0 });
    for (let i = 0; i < 1000; i++) detector.push({ account: `a${i % 10}`, object: `o${i}`, time: i });
    expect(detector.stats().activeObjects).toBeLessThan(1000);
    detector.advanceWatermark(10_000);
    expect(detector.stats()).toMatchObject({ activeObjects: 0, bufferedShares: 0 });
  });

  it('caps a viral object at maxSharesPerObject and counts what it drops', () => {
    const detector = new StreamingCoShareDetector({ maxSharesPerObject: 5 });
    for (let i = 0; i < 8; i++) detector.push({ account: `a${i}`, object: 'viral', time: i });
    expect(detector.stats()).toMatchObject({ bufferedShares: 5, overflowDropped: 3 });
  });

  it('tracks the share of an account’s posts that were coordinated', () => {
    const detector = new StreamingCoShareDetector();
    detector.push({ account: 'a', object: 'x', time: 0 });
    detector.push({ account: 'a', object: 'y', time: 0 });
    detector.push({ account: 'b', object: 'x', time: 5 });
    expect(detector.activity('a')).toEqual({ shares: 2, coordinatedShares: 1 });
    expect(detector.activity('b')).toEqual({ shares: 1, coordinatedShares: 1 });
  });

  describe('shares with ids (redeliveries)', () => {
    // A stream with planted campaigns; the id is the share's position in it (a post id).
    const shares = simulateCampaigns({
      seed: 3,
      objects: 400,
      campaigns: 3,
      durationSeconds: 6 * 3600,
    }).shares.map((share, index): Share => ({ ...share, id: `post-${index}` }));
    const edgeKey = (edge: CoEdge) =>
      `${edge.object}|${edge.olderId}|${edge.newerId}|${edge.older}|${edge.newer}|${edge.deltaSeconds}`;
    const edgesOf = (stream: readonly Share[], detector = new StreamingCoShareDetector()) =>
      stream.flatMap((share) => detector.push(share).map(edgeKey));
    const once = edgesOf(shares);

    it('pairs a share delivered twice in a row only once: the same edges as one delivery', () => {
      const detector = new StreamingCoShareDetector();
      const twice = edgesOf(
        shares.flatMap((share) => [share, share]),
        detector,
      );
      expect(once.length).toBeGreaterThan(1000);
      expect(twice).toEqual(once);
      expect(detector.stats()).toMatchObject({ accepted: shares.length, duplicateDropped: shares.length });
    });

    it('pairs nothing new when the whole stream is pushed again: copies are held in the window or late', () => {
      const detector = new StreamingCoShareDetector({ allowedLatenessSeconds: 30 });
      expect(edgesOf(shares, detector)).toEqual(once);
      expect(edgesOf(shares, detector)).toEqual([]);
      const { duplicateDropped, lateDropped } = detector.stats();
      expect(duplicateDropped).toBeGreaterThan(0);
      expect(duplicateDropped + lateDropped).toBe(shares.length);
    });

    it('names both shares on each edge, and tells apart two shares at the same instant', () => {
      const detector = new StreamingCoShareDetector();
      detector.push({ account: 'a', object: 'p', time: 5, id: 'a-1' });
      detector.push({ account: 'b', object: 'p', time: 5, id: 'b-1' });
      expect(detector.push({ account: 'b', object: 'p', time: 5, id: 'b-1' })).toEqual([]);
      const late = detector.push({ account: 'c', object: 'p', time: 3, id: 'c-1' });
      expect(late.map((edge) => [edge.olderId, edge.newerId])).toEqual([
        ['c-1', 'a-1'],
        ['c-1', 'b-1'],
      ]);
      expect(detector.stats()).toMatchObject({ accepted: 3, duplicateDropped: 1 });
    });

    it('counts shares without an id every time, as before', () => {
      const detector = new StreamingCoShareDetector();
      detector.push({ account: 'a', object: 'p', time: 0 });
      detector.push({ account: 'b', object: 'p', time: 1 });
      expect(detector.push({ account: 'b', object: 'p', time: 1 })).toHaveLength(1);
      expect(detector.stats()).toMatchObject({ accepted: 3, duplicateDropped: 0 });
    });
  });

  it('rejects bad input with the field named', () => {
    const detector = new StreamingCoShareDetector();
    expect(() => detector.push({ account: 'a', object: 'x', time: Number.NaN })).toThrow(/share\.time/);
    expect(() => detector.push({ account: '', object: 'x', time: 1 })).toThrow(/share\.account/);
    expect(() => new StreamingCoShareDetector({ signals: { 'co-url': { windowSeconds: -1 } } })).toThrow(
      /signals\.co-url\.windowSeconds/,
    );
  });
});
