import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_SHARE_LAYOUTS, readSharesFromCsv } from '../csv/share-table-from-csv';
import { shareTableFrom } from '../table/share-table';
import { qutCoShareNetwork, type QutEdge } from './co-share-network';

const dataDir = process.env.RIPTIDE_DATA_DIR ?? resolve('../shared/data');
const qutCsv = join(dataDir, 'coordination/qut-toolkit-tests/coretweet_test_input.csv');

function nodeCount(edges: readonly QutEdge[]): number {
  return new Set(edges.flatMap((edge) => [edge.from, edge.to])).size;
}

describe.skipIf(!existsSync(qutCsv) && !process.env.CI)('QUT toolkit co-retweet test input', () => {
  const { table, skippedEmptyObject } = readSharesFromCsv(readFileSync(qutCsv), CSV_SHARE_LAYOUTS.qut);

  it('reads the 15 retweets (the file starts with a byte order mark)', () => {
    expect(table.length).toBe(15);
    expect(skippedEmptyObject).toBe(0);
    expect(table.accounts[0]).toBe('uid0');
  });

  it.each([
    [1, 1, false, 2],
    [1, 1, true, 3],
    [1, 2, false, 0],
    [1, 2, true, 1],
    [60, 1, false, 6],
    [60, 1, true, 7],
  ])(
    'window %is, min edge weight %i, self loops %s: %i nodes',
    (timeWindow, minEdgeWeight, selfLoops, nodes) => {
      expect(nodeCount(qutCoShareNetwork(table, { timeWindow, minEdgeWeight, selfLoops }))).toBe(nodes);
    },
  );
});

describe('qutCoShareNetwork', () => {
  it('weighs a directed edge by distinct messages of its source, not by pairs', () => {
    // a's one message pairs with both of b's: a -> b weighs 1, b -> a weighs 2.
    const table = shareTableFrom([
      { account: 'a', object: 'x', time: 10 },
      { account: 'b', object: 'x', time: 11 },
      { account: 'b', object: 'x', time: 12 },
    ]);
    const edges = qutCoShareNetwork(table, { timeWindow: 5 });
    expect(edges.find((edge) => edge.from === 'a' && edge.to === 'b')?.weight).toBe(1);
    expect(edges.find((edge) => edge.from === 'b' && edge.to === 'a')?.weight).toBe(2);
  });

  it('rejects a negative window with the field named', () => {
    expect(() => qutCoShareNetwork(shareTableFrom([]), { timeWindow: -1 })).toThrow(/timeWindow/);
  });
});
