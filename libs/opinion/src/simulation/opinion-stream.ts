import { seededRandom } from '@riptide/nlp';
import { FAVOR, plantShift, type PopulationState } from './planted-shifts';
import { groupMembers, groupTruth, POPULATION, type GroupMembers } from './population-truth';
import { simulatePopulation, type PopulationOptions } from './synthetic-population';
import type {
  BucketTruth,
  PlantedShift,
  SimulatedAccount,
  SimulatedBucket,
  SimulatedObservation,
  TextDraw,
} from './simulation-types';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface OpinionSimulationOptions extends PopulationOptions {
  readonly seed: number;
  readonly topicId: string;
  /** How many buckets to simulate. */
  readonly buckets: number;
  /** Observations a day on the topic; default 24,000. */
  readonly volumePerDay?: number;
  /** Default one hour. */
  readonly bucketMs?: number;
  /** Start of bucket 0, epoch ms; default 0. */
  readonly startMs?: number;
  readonly shifts?: readonly PlantedShift[];
  readonly drawText: TextDraw;
}

export interface OpinionSimulation {
  readonly topicId: string;
  readonly bucketMs: number;
  readonly accounts: readonly SimulatedAccount[];
  readonly buckets: readonly SimulatedBucket[];
  readonly shifts: readonly PlantedShift[];
}

/**
 * A seeded stream of stance observations on one topic with its ground truth beside it. Authors are
 * drawn with replacement in proportion to their current posting rate, each post carries its author's
 * current stance as the true label and a pool text drawn for that label; planted shifts take effect
 * at the start of their bucket. Pure: the same options give the same stream.
 */
export function simulateOpinionStream(options: OpinionSimulationOptions): OpinionSimulation {
  const bucketMs = options.bucketMs ?? HOUR_MS;
  const startMs = options.startMs ?? 0;
  const shifts = options.shifts ?? [];
  const random = seededRandom(options.seed);
  const accounts = simulatePopulation({ idPrefix: `sim${options.seed}`, ...options }, random);
  const groups = groupMembers(accounts, options.margins);
  for (const shift of shifts) checkShift(shift, options, groups);

  const state: PopulationState = {
    stance: Int8Array.from(accounts, (account) => account.initialStance),
    activity: Float64Array.from(accounts, (account) => account.activity),
  };
  const perBucket = Math.round(((options.volumePerDay ?? 24_000) * bucketMs) / DAY_MS);
  const everyone = Int32Array.from(accounts, (_, index) => index);
  let pickAuthor = activitySampler(state.activity);
  let shares = sharesOf(state, everyone, groups);

  const buckets: SimulatedBucket[] = [];
  for (let bucket = 0; bucket < options.buckets; bucket++) {
    const bucketStartMs = startMs + bucket * bucketMs;
    const starting = shifts.filter((shift) => shift.startBucket === bucket);
    for (const shift of starting) plantShift(shift, membersOf(shift, groups), state, random);
    if (starting.length > 0) {
      pickAuthor = activitySampler(state.activity);
      shares = sharesOf(state, everyone, groups);
    }
    const activeShifts = shifts.filter((shift) => shift.startBucket <= bucket);
    const truth: BucketTruth = { bucket, bucketStartMs, ...shares, activeShifts };

    const observations: SimulatedObservation[] = [];
    for (let i = 0; i < perBucket; i++) {
      const accountIndex = pickAuthor(random());
      const trueLabel = state.stance[accountIndex];
      observations.push({
        accountIndex,
        timeMs: bucketStartMs + Math.floor(random() * bucketMs),
        trueLabel,
        textIndex: options.drawText(trueLabel, random),
      });
    }
    observations.sort((a, b) => a.timeMs - b.timeMs);
    buckets.push({ bucket, bucketStartMs, observations, truth });
  }
  return { topicId: options.topicId, bucketMs, accounts, buckets, shifts };
}

function sharesOf(
  state: PopulationState,
  everyone: Int32Array,
  groups: readonly GroupMembers[],
): Pick<BucketTruth, 'population' | 'groups'> {
  const total = state.activity.reduce((sum, rate) => sum + rate, 0);
  return {
    population: groupTruth(POPULATION, everyone, state, total),
    groups: groups.map(({ group, members }) => groupTruth(group, members, state, total)),
  };
}

/** Draws an account index in proportion to its rate: a binary search over the cumulative rates. */
function activitySampler(activity: Float64Array): (u: number) => number {
  const cumulative = new Float64Array(activity.length);
  let sum = 0;
  activity.forEach((rate, index) => (cumulative[index] = sum += rate));
  return (u) => {
    const target = u * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}

function membersOf(shift: PlantedShift, groups: readonly GroupMembers[]): Int32Array {
  const found = groups.find(
    ({ group }) => group.dimension === shift.group.dimension && group.value === shift.group.value,
  );
  return found?.members ?? new Int32Array(0);
}

function checkShift(
  shift: PlantedShift,
  options: OpinionSimulationOptions,
  groups: readonly GroupMembers[],
): void {
  const where = `shift ${shift.kind} in ${shift.group.dimension}=${shift.group.value}`;
  if (shift.topicId !== options.topicId)
    throw new Error(`${where}: topic ${shift.topicId} is not the simulated topic ${options.topicId}`);
  if (membersOf(shift, groups).length === 0) throw new Error(`${where}: no account is in that group`);
  if (!Number.isInteger(shift.startBucket) || shift.startBucket < 0 || shift.startBucket >= options.buckets)
    throw new Error(`${where}: start bucket ${shift.startBucket} is outside 0..${options.buckets - 1}`);
  const label = shift.label ?? FAVOR;
  if (!Number.isInteger(label) || label < 0 || label > 2)
    throw new Error(`${where}: label ${label} is not a stance label index`);
}
