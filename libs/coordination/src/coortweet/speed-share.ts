import type { ShareTable } from '../table/share-table';
import type { CoordinatedPairs } from './detect-groups';
import { filterMinParticipation } from './min-participation';

/**
 * CooRTweet's `flag_speed_share`: the pairs at most `fastWindow` seconds apart are filtered again
 * by min participation (over all input rows), and every pair whose (older content, newer content)
 * matches a surviving fast pair is flagged. Returns one flag per pair of `detected.pairs`.
 */
export function flagSpeedShares(
  detected: CoordinatedPairs,
  fastWindow: number,
  minParticipation: number,
): Uint8Array {
  if (!Number.isFinite(fastWindow) || fastWindow < 0)
    throw new RangeError(`fastWindow must be a number of seconds >= 0, got ${fastWindow}`);
  const { table, pairs } = detected;
  const fast = pairs.filter((k) => delta(table, pairs.older[k], pairs.newer[k]) <= fastWindow);
  const kept = minParticipation >= 1 ? filterMinParticipation(table, fast, minParticipation) : fast;
  const contents = table.contentCount;
  const keys = new Set<number>();
  for (let k = 0; k < kept.length; k++)
    keys.add(table.content[kept.older[k]] * contents + table.content[kept.newer[k]]);
  const flags = new Uint8Array(pairs.length);
  for (let k = 0; k < pairs.length; k++) {
    flags[k] = keys.has(table.content[pairs.older[k]] * contents + table.content[pairs.newer[k]]) ? 1 : 0;
  }
  return flags;
}

function delta(table: ShareTable, older: number, newer: number): number {
  return table.time[newer] - table.time[older];
}
