import { orderByObjectAndTime } from '../batch/object-order';
import { quantileType7 } from '../stats/quantile';
import type { ShareTable } from '../table/share-table';

export interface CoordinationIntervalOptions {
  /** Quantile of the quickest second shares whose objects are kept. CooRnet default 0.1. */
  readonly q?: number;
  /** Share of an object's shares to reach; also the quantile taken at the end. CooRnet default 0.5. */
  readonly p?: number;
}

export interface CoordinationInterval {
  /** The estimated window in seconds (never 0: CooRnet turns 0 into 1). */
  readonly seconds: number;
  /** Objects whose second share was among the quickest q. */
  readonly objectsUsed: number;
}

/**
 * CooRnet's `estimate_coord_interval`: among objects shared more than once, keep those whose
 * second share came no later than the q-quantile of all second-share delays; for each, take the
 * time from the first share until more than p of its shares had happened (rank / count > p);
 * the interval is the p-quantile of those times (R type 7), and 1 s if that is 0.
 */
export function estimateCoordinationInterval(
  table: ShareTable,
  options: CoordinationIntervalOptions = {},
): CoordinationInterval {
  const q = options.q ?? 0.1;
  const p = options.p ?? 0.5;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be within [0, 1], got ${q}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be within [0, 1], got ${p}`);
  const { rows, groupStart, groups } = orderByObjectAndTime(table);
  const time = table.time;
  const secondDelay: number[] = [];
  const sharedObjects: number[] = [];
  for (let g = 0; g < groups; g++) {
    const start = groupStart[g];
    if (groupStart[g + 1] - start < 2) continue;
    secondDelay.push(time[rows[start + 1]] - time[rows[start]]);
    sharedObjects.push(g);
  }
  const quickest = quantileType7(secondDelay, q);
  const reach: number[] = [];
  sharedObjects.forEach((g, index) => {
    if (!(secondDelay[index] <= quickest)) return;
    const start = groupStart[g];
    const count = groupStart[g + 1] - start;
    // The first rank whose share of the count exceeds p (ties ranked "first", as CooRnet).
    const rank = Math.floor(p * count) + 1;
    reach.push(time[rows[start + Math.min(rank, count) - 1]] - time[rows[start]]);
  });
  const seconds = quantileType7(reach, p);
  if (Number.isNaN(seconds))
    throw new RangeError('estimateCoordinationInterval needs at least one object shared twice');
  return { seconds: seconds === 0 ? 1 : seconds, objectsUsed: reach.length };
}
