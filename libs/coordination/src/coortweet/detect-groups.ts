import { orderByObjectAndTime } from '../batch/object-order';
import type { PairList } from '../batch/pair-list';
import { sweepWindowPairs } from '../batch/window-sweep';
import type { ShareTable } from '../table/share-table';
import { filterMinParticipation } from './min-participation';

export interface DetectGroupsOptions {
  /** Seconds; shares at most this far apart pair up (inclusive). CooRTweet default 10. */
  readonly timeWindow: number;
  /** CooRTweet default 2; see `filterMinParticipation` for what is counted. */
  readonly minParticipation: number;
  /** Drop pairs of one account with itself, of one content with itself, or a content sharing itself. Default true. */
  readonly removeLoops?: boolean;
}

/** The result of `detectGroups`: the input table, the surviving pairs, and the rows considered. */
export interface CoordinatedPairs {
  readonly table: ShareTable;
  readonly pairs: PairList;
  /** 1 for rows of accounts that passed the pre-filter (>= minParticipation shares in total). */
  readonly consideredRows: Uint8Array;
}

/**
 * CooRTweet's `detect_groups` over a whole table:
 * - pre-filter: keep the rows of accounts with at least `minParticipation` rows;
 * - pair every two shares of one object at most `timeWindow` seconds apart (all pairs, not
 *   only pairs with the first share);
 * - remove loops, then apply `filter_min_participation` on the surviving pairs.
 */
export function detectGroups(table: ShareTable, options: DetectGroupsOptions): CoordinatedPairs {
  validateDetectOptions(options);
  const removeLoops = options.removeLoops ?? true;
  const sharesPerAccount = new Int32Array(table.accounts.length);
  for (let row = 0; row < table.length; row++) sharesPerAccount[table.account[row]]++;
  const consideredRows = new Uint8Array(table.length);
  for (let row = 0; row < table.length; row++) {
    consideredRows[row] = sharesPerAccount[table.account[row]] >= options.minParticipation ? 1 : 0;
  }
  const order = orderByObjectAndTime(table, consideredRows);
  const { account, content } = table;
  const { selfShare } = table;
  const pairs = sweepWindowPairs(table, order, options.timeWindow, (older, newer) =>
    removeLoops
      ? account[older] !== account[newer] &&
        content[older] !== content[newer] &&
        selfShare[older] === 0 &&
        selfShare[newer] === 0
      : true,
  );
  const filtered =
    options.minParticipation >= 1
      ? filterMinParticipation(table, pairs, options.minParticipation, consideredRows)
      : pairs;
  return { table, pairs: filtered, consideredRows };
}

function validateDetectOptions(options: DetectGroupsOptions): void {
  if (!Number.isFinite(options.timeWindow) || options.timeWindow < 0) {
    throw new RangeError(`timeWindow must be a number of seconds >= 0, got ${options.timeWindow}`);
  }
  if (!Number.isInteger(options.minParticipation) || options.minParticipation < 0) {
    throw new RangeError(`minParticipation must be an integer >= 0, got ${options.minParticipation}`);
  }
}
