import { resolve } from 'node:path';
import { STANCE_LABELS } from '@riptide/contracts';
import { classifierTier, type TierModels } from '@riptide/nlp';
import type { PlantedShiftKind } from '@riptide/opinion';
import { matrixFor, readEvalConfusion } from './eval-confusion';
import { summariseStreams, type EvaluatedStream, type VolumeReport } from './eval-report';
import { evaluateSeed, PLANTED_KINDS, SHIFT_SIZE } from './eval-seed';
import { heldOutStance } from './held-out-pool';
import { scoreTextPool, type ScoredTextPool } from './scored-text-pool';
import { loadSimulationInputs, topicPool, type SimulationSources } from './simulation-inputs';
import type { StanceTextPool } from './stance-text-pool';

const BUCKETS_A_DAY = 24;
/** The simulator's default population size, reported when --accounts is not given. */
const DEFAULT_ACCOUNTS = 10_000;

export interface OpinionEvalOptions extends SimulationSources {
  readonly seeds: number;
  readonly days: number;
  /** The stated volume (observations a day on the topic); the report's top level is measured at it. */
  readonly volumePerDay: number;
  /** Also run at half and double the stated volume. */
  readonly alsoHalfAndDouble: boolean;
  readonly tier: string;
  /** Where post texts come from: the validation split, or a held-out fold of the training split (small tier). */
  readonly pool: 'validation' | 'held-out';
  readonly accounts?: number;
  readonly progress: (line: string) => void;
}

export interface OpinionEvalReport extends VolumeReport {
  readonly schema: 'riptide-eval-opinion/v1';
  readonly tier: string;
  readonly pool: 'validation' | 'held-out';
  readonly models: { readonly stance: string; readonly sentiment: string };
  /** `ran`: the stance shares were corrected (the stance model's matrix was found); the sentiment model's apart. */
  readonly correction: {
    readonly ran: boolean;
    readonly sentiment: boolean;
    readonly missing: readonly string[];
  };
  readonly seeds: number;
  readonly days: number;
  readonly accounts: number;
  readonly shift: {
    readonly size: number;
    readonly start_bucket: number;
    readonly kinds: readonly PlantedShiftKind[];
  };
  /** Per seed, the topic (targets rotate across seeds). */
  readonly topics: readonly string[];
  readonly texts: Readonly<Record<string, TextPoolReport>>;
  /** At the stated volume, per stance target. */
  readonly per_target: Readonly<Record<string, VolumeReport>>;
  /** Every volume run, the stated one included. */
  readonly volumes: readonly VolumeReport[];
  readonly wall_seconds: number;
}

/** The validation texts of a target and how the evaluated stance model does on them. */
interface TextPoolReport {
  /** The simulated population's base stance shares (the training split's label shares). */
  readonly base_shares: Readonly<Record<string, number>>;
  readonly texts: number;
  readonly by_label: Readonly<Record<string, number>>;
  /** Hard-label accuracy of the stance model on these texts. */
  readonly accuracy: number;
  /** Its out-of-fold accuracy on the target's training split, from the shipped matrix (null without one). */
  readonly out_of_fold_accuracy: number | null;
}

/**
 * `riptide eval opinion`: per seed (the topic rotating over the stance targets), one stream without a
 * shift and one per planted kind, at each volume; every stream runs through libs/opinion with the real
 * models' cached outputs. Errors and coverage come from the streams without a shift; detection, delay
 * and the decomposition from the planted ones; false alarms from the streams without a shift.
 */
export async function evaluateOpinion(options: OpinionEvalOptions): Promise<OpinionEvalReport> {
  const started = Date.now();
  if (options.days < 2)
    throw new Error('--days: needs at least 2 (the days before the last are the baseline)');
  const inputs = loadSimulationInputs(options);
  const topics = Array.from(
    { length: options.seeds },
    (_, seed) => inputs.stanceTopics[seed % inputs.stanceTopics.length].id,
  );
  const topicIds = [...new Set(topics)];
  const heldOut = options.pool === 'held-out' ? heldOutStance(inputs, topicIds, options.progress) : undefined;
  const pools = heldOut?.pools ?? new Map(topicIds.map((topicId) => [topicId, topicPool(inputs, topicId)]));

  options.progress(
    `scoring ${[...pools.values()].reduce((n, pool) => n + pool.texts.length, 0)} ${options.pool} texts with the ${options.tier} tier...\n`,
  );
  const scored = await scorePools(options.tier, pools);
  const confusion = readEvalConfusion(resolve('models', options.tier), [...scored.values()][0].models);
  // The held-out pool's stance comes from the refitted model; sentiment from the tier as always.
  if (heldOut)
    for (const [topicId, pool] of scored)
      scored.set(topicId, {
        ...pool,
        stance: heldOut.stance.get(topicId)!,
        models: { ...pool.models, stance: heldOut.modelId },
      });
  const models = [...scored.values()][0].models;
  const stanceMatrix = (target: string) => heldOut?.matrixFor(target) ?? matrixFor(confusion.stance, target);
  if (confusion.missing.length > 0)
    options.progress(`running without correction for: ${confusion.missing.join('; ')}\n`);

  const statedVolume = Math.round(options.volumePerDay);
  const volumes = options.alsoHalfAndDouble
    ? [statedVolume / 2, statedVolume, statedVolume * 2].map(Math.round)
    : [statedVolume];
  const buckets = options.days * BUCKETS_A_DAY;
  // Every day but the last is the baseline: the detectors need history before a shift (the CUSUM
  // chart 48 buckets, the two-window test two windows of 24), and --days 3 gives them that.
  const shiftStart = buckets - BUCKETS_A_DAY;
  const streams: EvaluatedStream[] = [];
  for (const volumePerDay of volumes) {
    for (let index = 0; index < options.seeds; index++) {
      const seed = index + 1;
      const topicId = topics[index];
      const pool = pools.get(topicId)!;
      streams.push(
        ...evaluateSeed({
          seed,
          topicId,
          volumePerDay,
          buckets,
          shiftStart,
          accounts: options.accounts,
          margins: inputs.margins,
          pool,
          scored: scored.get(topicId)!,
          confusion: {
            stance: stanceMatrix(pool.target),
            sentiment: matrixFor(confusion.sentiment, pool.target),
          },
          withDiagnostics: volumePerDay === statedVolume,
          progress: options.progress,
        }),
      );
    }
  }

  const stated = streams.filter((stream) => stream.volumePerDay === statedVolume);
  const targets = [...new Set(stated.map((stream) => stream.target))].sort();
  return {
    schema: 'riptide-eval-opinion/v1',
    tier: options.tier,
    pool: options.pool,
    models,
    correction: {
      ran: heldOut !== undefined || confusion.stance !== undefined,
      sentiment: confusion.sentiment !== undefined,
      missing: confusion.missing,
    },
    seeds: options.seeds,
    days: options.days,
    accounts: options.accounts ?? DEFAULT_ACCOUNTS,
    shift: { size: SHIFT_SIZE, start_bucket: shiftStart, kinds: PLANTED_KINDS },
    topics,
    texts: Object.fromEntries(
      [...pools].map(([topicId, pool]) => [
        pool.target,
        textPoolReport(pool, scored.get(topicId)!, outOfFoldAccuracy(stanceMatrix(pool.target)?.counts)),
      ]),
    ),
    ...summariseStreams(stated, statedVolume),
    per_target: Object.fromEntries(
      targets.map((target) => [
        target,
        summariseStreams(
          stated.filter((stream) => stream.target === target),
          statedVolume,
        ),
      ]),
    ),
    volumes: volumes.map((volume) =>
      summariseStreams(
        streams.filter((stream) => stream.volumePerDay === volume),
        volume,
      ),
    ),
    wall_seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

async function scorePools(
  tierName: string,
  pools: ReadonlyMap<string, StanceTextPool>,
): Promise<Map<string, ScoredTextPool>> {
  const models: TierModels = await classifierTier(tierName).load();
  try {
    const scored = new Map<string, ScoredTextPool>();
    for (const [topicId, pool] of pools) scored.set(topicId, await scoreTextPool(pool, models));
    return scored;
  } finally {
    await models.sentiment.close();
    await models.stance.close();
  }
}

function textPoolReport(
  pool: StanceTextPool,
  scored: ScoredTextPool,
  outOfFold: number | null,
): TextPoolReport {
  const correct = scored.stance.filter((score, index) => score.label === pool.labels[index]).length;
  return {
    base_shares: Object.fromEntries(
      STANCE_LABELS.map((label, index) => [label, round(pool.baseShares[index])]),
    ),
    texts: pool.texts.length,
    by_label: Object.fromEntries(STANCE_LABELS.map((label, index) => [label, pool.byLabel[index].length])),
    accuracy: round(correct / pool.texts.length),
    out_of_fold_accuracy: outOfFold,
  };
}

function outOfFoldAccuracy(counts: readonly (readonly number[])[] | undefined): number | null {
  if (!counts) return null;
  const total = counts.flat().reduce((a, b) => a + b, 0);
  const diagonal = counts.reduce((sum, row, label) => sum + row[label], 0);
  return total > 0 ? round(diagonal / total) : null;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
