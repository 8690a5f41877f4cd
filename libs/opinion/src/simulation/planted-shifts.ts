import { shuffledOrder } from '@riptide/nlp';
import type { PlantedShift } from './simulation-types';

/** The simulation's mutable state that shifts act on, one entry per account. */
export interface PopulationState {
  /** Current stance label index. */
  readonly stance: Int8Array;
  /** Current posting rate. */
  readonly activity: Float64Array;
}

export const FAVOR = 2;

/**
 * Plants a shift on the accounts of its group (`members`). Persuasion: `round(|size| × members)` of
 * them switch to (or, for a negative size, away from) the label, picked uniformly, so the group's
 * account-level share moves by `size` (to within one account) and, since activity does not depend on
 * stance, its posting share moves by the same amount in expectation. Composition: the group's
 * accounts holding the label post more (or less) by the factor that moves the group's expected
 * posting share by `size`; no account changes its stance.
 */
export function plantShift(
  shift: PlantedShift,
  members: Int32Array,
  state: PopulationState,
  random: () => number,
): void {
  const label = shift.label ?? FAVOR;
  if (shift.kind === 'persuasion') persuade(shift, label, members, state, random);
  else changeWhoPosts(shift, label, members, state);
}

function persuade(
  shift: PlantedShift,
  label: number,
  members: Int32Array,
  state: PopulationState,
  random: () => number,
): void {
  const switching = Math.round(Math.abs(shift.size) * members.length);
  const candidates = members.filter((account) => (state.stance[account] === label) === shift.size < 0);
  if (candidates.length < switching) {
    throw new Error(
      `shift in ${describe(shift)}: ${switching} accounts must change stance but only ${candidates.length} can`,
    );
  }
  const order = shuffledOrder(candidates.length, random);
  for (let i = 0; i < switching; i++) {
    const account = candidates[order[i]];
    // Away from the label: to either other label, at random.
    state.stance[account] = shift.size > 0 ? label : (label + 1 + Math.floor(random() * 2)) % 3;
  }
}

function changeWhoPosts(
  shift: PlantedShift,
  label: number,
  members: Int32Array,
  state: PopulationState,
): void {
  let holding = 0;
  let others = 0;
  for (const account of members) {
    if (state.stance[account] === label) holding += state.activity[account];
    else others += state.activity[account];
  }
  const target = holding / (holding + others) + shift.size;
  if (!(holding > 0 && target > 0 && target < 1)) {
    throw new Error(`shift in ${describe(shift)}: the posting share cannot move by ${shift.size}`);
  }
  // m·holding / (m·holding + others) = target
  const factor = (target * others) / ((1 - target) * holding);
  for (const account of members) if (state.stance[account] === label) state.activity[account] *= factor;
}

function describe(shift: PlantedShift): string {
  return `${shift.group.dimension}=${shift.group.value} (${shift.kind})`;
}
