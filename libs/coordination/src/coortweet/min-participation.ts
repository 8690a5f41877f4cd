import type { PairList } from '../batch/pair-list';
import type { ShareTable } from '../table/share-table';

/**
 * CooRTweet's `filter_min_participation`, reproduced to the letter:
 * 1. take every content id that appears in a pair (either side);
 * 2. per account, count the input rows (within `rows`, if given) whose content id is among them;
 * 3. accounts with a count >= `minParticipation` pass;
 * 4. a pair survives when EITHER side's content belongs to a passing account.
 * Step 4 is an "or": an account below the threshold still appears when paired with one above it.
 * Counting rows (not distinct objects) also matters: a content id on two rows counts twice.
 */
export function filterMinParticipation(
  table: ShareTable,
  pairs: PairList,
  minParticipation: number,
  rows?: Uint8Array,
): PairList {
  const inPairs = new Uint8Array(table.contentCount);
  for (let k = 0; k < pairs.length; k++) {
    inPairs[table.content[pairs.older[k]]] = 1;
    inPairs[table.content[pairs.newer[k]]] = 1;
  }
  const participation = new Int32Array(table.accounts.length);
  for (let row = 0; row < table.length; row++) {
    if (rows !== undefined && rows[row] === 0) continue;
    if (inPairs[table.content[row]] === 1) participation[table.account[row]]++;
  }
  const passingContent = new Uint8Array(table.contentCount);
  for (let row = 0; row < table.length; row++) {
    if (rows !== undefined && rows[row] === 0) continue;
    const content = table.content[row];
    if (inPairs[content] === 1 && participation[table.account[row]] >= minParticipation)
      passingContent[content] = 1;
  }
  return pairs.filter(
    (k) =>
      passingContent[table.content[pairs.older[k]]] === 1 ||
      passingContent[table.content[pairs.newer[k]]] === 1,
  );
}
