import { describe, expect, it } from 'vitest';
import { shareTableFrom } from '../table/share-table';
import { estimateCoordinationInterval } from './coordination-interval';

describe('estimateCoordinationInterval (CooRnet)', () => {
  it('keeps the objects with the quickest second share and takes the median time to pass half their shares', () => {
    const shares = [
      // x: second share after 2 s; 4 shares, rank 3 (> 50%) at 30 s.
      ...[0, 2, 30, 100].map((time, i) => ({ account: `a${i}`, object: 'x', time })),
      // y: second share after 4 s; 2 shares, rank 2 at 4 s.
      ...[10, 14].map((time, i) => ({ account: `b${i}`, object: 'y', time })),
      // z: second share after 500 s: not among the quickest at q = 0.5.
      ...[0, 500, 501].map((time, i) => ({ account: `c${i}`, object: 'z', time })),
      { account: 'd', object: 'alone', time: 0 },
    ];
    const estimate = estimateCoordinationInterval(shareTableFrom(shares), { q: 0.5, p: 0.5 });
    // Second delays 2, 4, 500 -> q(0.5) = 4 keeps x and y; reach times 30 and 4 -> median 17.
    expect(estimate).toEqual({ seconds: 17, objectsUsed: 2 });
  });

  it('turns a zero estimate into 1 second and rejects parameters outside [0, 1]', () => {
    const table = shareTableFrom([0, 0, 0].map((time, i) => ({ account: `a${i}`, object: 'x', time })));
    expect(estimateCoordinationInterval(table).seconds).toBe(1);
    expect(() => estimateCoordinationInterval(table, { q: 2 })).toThrow(/q must be/);
  });
});
