import {
  simulateOpinionStream,
  UNKNOWN_GROUP,
  type OpinionSimulation,
  type PlantedShift,
  type PlantedShiftKind,
  type PopulationMargins,
} from '@riptide/opinion';
import type { EvaluatedStream } from './eval-report';
import { runEvalStream, type EvalStreamContext } from './eval-stream';
import type { ScoredTextPool } from './scored-text-pool';
import { drawFromPool, type StanceTextPool } from './stance-text-pool';
import { goldScoredPool, poolConfusion } from './validation-diagnostics';

/** The issue's planted shift: +0.10 in the favor share of one group that writes about 15% of the posts. */
export const SHIFT_SIZE = 0.1;
const PLANTED_GROUP_STREAM_SHARE = 0.15;
export const PLANTED_KINDS: readonly PlantedShiftKind[] = ['persuasion', 'composition'];

export interface SeedRun {
  readonly seed: number;
  readonly topicId: string;
  readonly volumePerDay: number;
  readonly buckets: number;
  readonly shiftStart: number;
  readonly accounts?: number;
  readonly margins: PopulationMargins;
  readonly pool: StanceTextPool;
  readonly scored: ScoredTextPool;
  readonly confusion: EvalStreamContext['confusion'];
  /** Also run the diagnostics on the stream without a shift (at the stated volume). */
  readonly withDiagnostics: boolean;
  readonly progress: (line: string) => void;
}

/**
 * One seed at one volume: the population without a shift, and with each planted kind in the group
 * nearest 15% of the posts (the same seed: the streams agree until the shift starts), each run through
 * libs/opinion; and, when asked, the stream without a shift estimated the diagnostic ways.
 */
export function evaluateSeed(run: SeedRun): EvaluatedStream[] {
  const { seed, topicId, volumePerDay, pool, scored, shiftStart } = run;
  const context: EvalStreamContext = { margins: run.margins, scored, confusion: run.confusion };
  const simulate = (shifts: readonly PlantedShift[]): OpinionSimulation =>
    simulateOpinionStream({
      seed,
      topicId,
      margins: run.margins,
      accounts: run.accounts,
      buckets: run.buckets,
      volumePerDay,
      shifts,
      baseShares: pool.baseShares,
      drawText: drawFromPool(pool),
    });
  const baseline = simulate([]);
  const group = plantedGroup(baseline);
  const evaluated = (
    variant: EvaluatedStream['variant'],
    simulation: OpinionSimulation,
    streamContext: EvalStreamContext,
  ): EvaluatedStream => ({
    variant,
    volumePerDay,
    seed,
    target: pool.target,
    shift: simulation.shifts[0] ?? null,
    shiftStartMs: simulation.buckets[shiftStart].bucketStartMs,
    bucketMs: simulation.bucketMs,
    plantedGroupStreamShare: streamShareOf(baseline, group),
    outcome: runEvalStream(simulation, streamContext),
  });

  const streams: EvaluatedStream[] = [];
  if (run.withDiagnostics) {
    streams.push(
      evaluated('validation_matrix', baseline, {
        ...context,
        confusion: { ...context.confusion, stance: poolConfusion(pool, scored) },
      }),
      // Perfect labels need no correction: what is left is sampling and post-stratification.
      evaluated('gold_labels', baseline, {
        ...context,
        scored: goldScoredPool(pool, scored),
        confusion: { ...context.confusion, stance: undefined },
      }),
    );
  }
  const runs = [
    { kind: null, simulation: baseline },
    ...PLANTED_KINDS.map((kind) => ({
      kind,
      simulation: simulate([{ topicId, group, size: SHIFT_SIZE, startBucket: shiftStart, kind }]),
    })),
  ];
  for (const { kind, simulation } of runs) {
    const clock = Date.now();
    const stream = evaluated('shipped', simulation, context);
    streams.push(stream);
    run.progress(
      `volume ${volumePerDay}/day seed ${seed} ${topicId} ${kind ?? 'no shift'}${kind ? ` in ${group.dimension}=${group.value}` : ''}: ${stream.outcome.alarms.length} alarms, ${((Date.now() - clock) / 1000).toFixed(1)} s\n`,
    );
  }
  return streams;
}

/** The configured group whose expected share of the posts is nearest 15%. */
function plantedGroup(baseline: OpinionSimulation): PlantedShift['group'] {
  const candidates = baseline.buckets[0].truth.groups.filter((truth) => truth.group.value !== UNKNOWN_GROUP);
  const nearest = candidates.reduce((best, truth) =>
    Math.abs(truth.streamShare - PLANTED_GROUP_STREAM_SHARE) <
    Math.abs(best.streamShare - PLANTED_GROUP_STREAM_SHARE)
      ? truth
      : best,
  );
  return { dimension: nearest.group.dimension ?? '', value: nearest.group.value ?? '' };
}

function streamShareOf(baseline: OpinionSimulation, group: PlantedShift['group']): number {
  const truth = baseline.buckets[0].truth.groups.find(
    (candidate) => candidate.group.dimension === group.dimension && candidate.group.value === group.value,
  );
  return truth?.streamShare ?? 0;
}
