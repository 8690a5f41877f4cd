import { STANCE_LABELS, type OpinionMeasure, type ShiftKind } from '@riptide/contracts';
import {
  AuthorPanel,
  BucketTally,
  DEFAULT_OPINION_SETTINGS,
  decomposeShift,
  DemographicCells,
  estimateBucket,
  TopicShiftDetectors,
  type BucketEstimate,
  type BucketTruth,
  type ConfusionMatrix,
  type DetectedShift,
  type GroupEstimate,
  type GroupKey,
  type OpinionSimulation,
  type PopulationMargins,
} from '@riptide/opinion';
import type { ScoredTextPool } from './scored-text-pool';

/** Closed buckets the author panel keeps, as the opinion service's default (OPINION_HORIZON_BUCKETS). */
const PANEL_HORIZON_BUCKETS = 72;
/** Stance labels the detectors watch by default: each is a series per group. */
const WATCHED_LABELS = ['against', 'favor'] as const;

/** Sums of absolute errors per estimate layer, and how many shares they cover. */
export interface LayerErrors {
  raw: number;
  corrected: number;
  weighted: number;
  shares: number;
}

export interface Coverage {
  inside: number;
  intervals: number;
}

/** What one simulated stream yields for the report: sums that add up across streams. */
export interface StreamOutcome {
  readonly errors: { readonly population: LayerErrors; readonly groups: LayerErrors };
  readonly coverage: { readonly population: Coverage; readonly groups: Coverage };
  /** (group, watched label) series times buckets with an estimate: the false-alarm denominator. */
  readonly seriesBuckets: number;
  readonly alarms: readonly DetectedShift[];
  /** Per alarm (same order), the decomposition's verdict for alarms in a planted shift's group. */
  readonly decompositions: readonly (ShiftKind | null)[];
}

export interface EvalStreamContext {
  readonly margins: PopulationMargins;
  readonly scored: ScoredTextPool;
  /** The stance and sentiment matrices of the topic's models, or undefined to run without correction. */
  readonly confusion: Readonly<Record<OpinionMeasure, ConfusionMatrix | undefined>>;
}

/**
 * Runs one simulated stream through libs/opinion as the opinion service does: a tally per closed
 * hourly bucket, `estimateBucket` with the models' confusion matrices, the topic's detectors, the
 * author panel and the decomposition of alarms in a planted group. Each post carries the cached model
 * output of its text. Errors and coverage are measured against the truth of each bucket.
 */
export function runEvalStream(simulation: OpinionSimulation, context: EvalStreamContext): StreamOutcome {
  const settings = DEFAULT_OPINION_SETTINGS;
  const detectors = new TopicShiftDetectors(simulation.topicId);
  const panel = new AuthorPanel(PANEL_HORIZON_BUCKETS);
  const groupsOf = accountGroups(simulation, context.margins);
  const plantedGroups = simulation.shifts.map((shift) => shift.group);
  const outcome = {
    errors: { population: noErrors(), groups: noErrors() },
    coverage: { population: { inside: 0, intervals: 0 }, groups: { inside: 0, intervals: 0 } },
    seriesBuckets: 0,
    alarms: [] as DetectedShift[],
    decompositions: [] as (ShiftKind | null)[],
  };
  const models = context.scored.models;

  for (const bucket of simulation.buckets) {
    const endMs = bucket.bucketStartMs + simulation.bucketMs;
    const tally = new BucketTally(simulation.topicId, bucket.bucketStartMs, endMs, context.margins);
    for (const observation of bucket.observations) {
      const opinionObservation = {
        authorId: simulation.accounts[observation.accountIndex].id,
        timeMs: observation.timeMs,
        stance: context.scored.stance[observation.textIndex],
        sentiment: context.scored.sentiment[observation.textIndex],
        demographics: simulation.accounts[observation.accountIndex].demographics,
        models,
      };
      tally.add(opinionObservation);
      panel.record(
        bucket.bucketStartMs,
        opinionObservation.authorId,
        groupsOf[observation.accountIndex],
        opinionObservation.stance.probs,
      );
    }
    const estimate = estimateBucket(tally, {
      margins: context.margins,
      settings,
      confusion: context.confusion,
    });
    score(estimate, bucket.truth, outcome);
    for (const shift of detectors.process(estimate)) {
      outcome.alarms.push(shift);
      const planted = plantedGroups.some(
        (group) => group.dimension === shift.group.dimension && group.value === shift.group.value,
      );
      outcome.decompositions.push(planted ? decomposedKind(panel, shift) : null);
    }
  }
  return outcome;
}

/** Per account, the groups it is counted in: the population and its value (or `unknown`) per dimension. */
function accountGroups(simulation: OpinionSimulation, margins: PopulationMargins): GroupKey[][] {
  const cells = new DemographicCells(margins);
  return simulation.accounts.map((account) => [
    { dimension: null, value: null },
    ...cells
      .assign(account.demographics)
      .values.map((value, index) => ({ dimension: margins.dimensions[index].name, value })),
  ]);
}

function decomposedKind(panel: AuthorPanel, shift: DetectedShift): ShiftKind | null {
  const decomposition = decomposeShift(
    panel,
    shift.group,
    shift.label,
    { fromMs: shift.before.fromMs, toMs: shift.before.toMs },
    { fromMs: shift.after.fromMs, toMs: shift.after.toMs },
  );
  return decomposition?.kind ?? null;
}

function score(
  estimate: BucketEstimate,
  truth: BucketTruth,
  outcome: Pick<StreamOutcome, 'errors' | 'coverage'> & { seriesBuckets: number },
): void {
  for (const group of estimate.groups) {
    if (group.measure !== 'stance') continue;
    outcome.seriesBuckets += WATCHED_LABELS.length;
    const isPopulation = group.group.dimension === null;
    const trueShares = isPopulation ? truth.population.accountShares : groupTruthOf(truth, group.group);
    if (!trueShares) continue;
    const errors = isPopulation ? outcome.errors.population : outcome.errors.groups;
    const coverage = isPopulation ? outcome.coverage.population : outcome.coverage.groups;
    addErrors(errors, group, trueShares);
    group.weighted.forEach((interval, label) => {
      coverage.intervals++;
      if (interval.low <= trueShares[label] && trueShares[label] <= interval.high) coverage.inside++;
    });
  }
}

function addErrors(errors: LayerErrors, group: GroupEstimate, trueShares: readonly number[]): void {
  STANCE_LABELS.forEach((_, label) => {
    errors.raw += Math.abs(group.raw[label].share - trueShares[label]);
    errors.corrected += Math.abs(group.corrected[label].share - trueShares[label]);
    errors.weighted += Math.abs(group.weighted[label].share - trueShares[label]);
    errors.shares++;
  });
}

function groupTruthOf(truth: BucketTruth, group: GroupKey): readonly number[] | undefined {
  return truth.groups.find(
    (candidate) => candidate.group.dimension === group.dimension && candidate.group.value === group.value,
  )?.accountShares;
}

export function noErrors(): LayerErrors {
  return { raw: 0, corrected: 0, weighted: 0, shares: 0 };
}
