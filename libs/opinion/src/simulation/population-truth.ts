import { STANCE_LABELS } from '@riptide/contracts';
import { UNKNOWN_GROUP, type GroupKey, type PopulationMargins } from '../opinion-types';
import type { PopulationState } from './planted-shifts';
import type { GroupTruth, SimulatedAccount } from './simulation-types';

export interface GroupMembers {
  readonly group: GroupKey;
  /** Account indices. */
  readonly members: Int32Array;
}

export const POPULATION: GroupKey = { dimension: null, value: null };

/**
 * The groups the estimator reports, by the demographics the source reports: every configured value of
 * every dimension, then `unknown` for that dimension when some accounts lack it.
 */
export function groupMembers(
  accounts: readonly SimulatedAccount[],
  margins: PopulationMargins,
): GroupMembers[] {
  return margins.dimensions.flatMap((dimension) => {
    const byValue = new Map<string, number[]>(Object.keys(dimension.shares).map((value) => [value, []]));
    accounts.forEach((account, index) => {
      const value = account.demographics[dimension.name] ?? UNKNOWN_GROUP;
      let list = byValue.get(value);
      if (!list) byValue.set(value, (list = []));
      list.push(index);
    });
    return [...byValue]
      .filter(([value, list]) => value !== UNKNOWN_GROUP || list.length > 0)
      .map(([value, list]) => ({
        group: { dimension: dimension.name, value },
        members: Int32Array.from(list),
      }));
  });
}

/** Account-level and expected posting shares of one group under the current state. */
export function groupTruth(
  group: GroupKey,
  members: Int32Array,
  state: PopulationState,
  totalActivity: number,
): GroupTruth {
  const accounts = new Array<number>(STANCE_LABELS.length).fill(0);
  const posting = new Array<number>(STANCE_LABELS.length).fill(0);
  let activity = 0;
  for (const account of members) {
    const label = state.stance[account];
    accounts[label]++;
    posting[label] += state.activity[account];
    activity += state.activity[account];
  }
  return {
    group,
    accounts: members.length,
    accountShares: accounts.map((count) => (members.length > 0 ? count / members.length : 0)),
    postingShares: posting.map((weight) => (activity > 0 ? weight / activity : 0)),
    streamShare: totalActivity > 0 ? activity / totalActivity : 0,
  };
}
