import type { ShareTable } from '../table/share-table';

/**
 * Rows grouped by object, each group in time order: `rows[groupStart[g] .. groupStart[g + 1])`.
 * Equal times keep the order of (account first seen, row), which is the order CooRTweet's
 * data.table pipeline leaves them in; it decides which share of a tie counts as the older one.
 */
export interface ObjectOrder {
  readonly rows: Int32Array;
  readonly groupStart: Int32Array;
  readonly groups: number;
}

/** Counting sort by object (linear), then a small sort per group. `keep` (optional) drops rows. */
export function orderByObjectAndTime(table: ShareTable, keep?: Uint8Array): ObjectOrder {
  const objectCount = table.objects.length;
  const counts = new Int32Array(objectCount + 1);
  let kept = 0;
  for (let row = 0; row < table.length; row++) {
    if (keep !== undefined && keep[row] === 0) continue;
    counts[table.object[row] + 1]++;
    kept++;
  }
  for (let g = 0; g < objectCount; g++) counts[g + 1] += counts[g];
  const groupStart = counts.slice();
  const cursor = counts;
  const rows = new Int32Array(kept);
  for (let row = 0; row < table.length; row++) {
    if (keep !== undefined && keep[row] === 0) continue;
    rows[cursor[table.object[row]]++] = row;
  }
  const { time, account } = table;
  const before = (a: number, b: number): number => time[a] - time[b] || account[a] - account[b] || a - b;
  for (let g = 0; g < objectCount; g++) {
    const start = groupStart[g];
    const end = groupStart[g + 1];
    if (end - start < 2) continue;
    if (end - start <= 24) insertionSort(rows, start, end, before);
    else rows.subarray(start, end).sort(before);
  }
  return { rows, groupStart, groups: objectCount };
}

function insertionSort(
  rows: Int32Array,
  start: number,
  end: number,
  before: (a: number, b: number) => number,
): void {
  for (let i = start + 1; i < end; i++) {
    const row = rows[i];
    let j = i - 1;
    while (j >= start && before(rows[j], row) > 0) {
      rows[j + 1] = rows[j];
      j--;
    }
    rows[j + 1] = row;
  }
}
