import type { ShareTable } from '../table/share-table';
import type { ObjectOrder } from './object-order';
import { PairList } from './pair-list';

/**
 * The co-share rule shared by every front end: two shares of the same object whose times differ
 * by at most `windowSeconds` (inclusive, as CooRTweet's `abs(time_delta) <= time_window` and the
 * QUT toolkit's `between t - w and t + w`) form a pair. A sweep over each time-ordered group visits
 * exactly those pairs, so the cost is the number of pairs, not the square of the group size.
 * `accept(older, newer)` filters pairs as they are found (e.g. to drop self pairs).
 */
export function sweepWindowPairs(
  table: ShareTable,
  order: ObjectOrder,
  windowSeconds: number,
  accept: (older: number, newer: number) => boolean,
): PairList {
  const pairs = new PairList(Math.max(1024, order.rows.length));
  const { rows, groupStart } = order;
  const time = table.time;
  for (let g = 0; g < order.groups; g++) {
    const end = groupStart[g + 1];
    for (let i = groupStart[g]; i < end - 1; i++) {
      const older = rows[i];
      const limit = time[older] + windowSeconds;
      for (let j = i + 1; j < end; j++) {
        const newer = rows[j];
        if (time[newer] > limit) break;
        if (accept(older, newer)) pairs.push(older, newer);
      }
    }
  }
  return pairs;
}
