import {
  AUTHOR_PROFILE_SCHEMA,
  POST_SCHEMA,
  STANCE_LABELS,
  type AuthorProfile,
  type Post,
} from '@riptide/contracts';
import {
  simulateOpinionStream,
  type GroupTruth,
  type OpinionSimulation,
  type PlantedShift,
} from '@riptide/opinion';
import { loadSimulationInputs, topicPool, type SimulationSources } from './simulation-inputs';
import { drawFromPool, type StanceTextPool } from './stance-text-pool';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
export const SIMULATION_PLATFORM = 'simulated';

export interface SimulatedOpinionStreamOptions extends SimulationSources {
  readonly seed: number;
  readonly topicId: string;
  readonly days: number;
  readonly volumePerDay: number;
  readonly shifts: readonly PlantedShift[];
  readonly accounts?: number;
  /** The stream ends at the start of the hour holding this instant (default now), so no post is in the future. */
  readonly endMs?: number;
}

/** A simulated stream as the pipeline takes it, with the truth the pipeline's output is judged against. */
export interface SimulatedOpinionStream {
  readonly posts: Post[];
  readonly authors: AuthorProfile[];
  readonly truth: OpinionTruthJson;
}

/** `truth.json`: what the simulator planted and the true shares per hourly bucket. */
export interface OpinionTruthJson {
  readonly schema: 'riptide-opinion-truth/v1';
  readonly topic_id: string;
  readonly stance_target: string;
  readonly seed: number;
  readonly accounts: number;
  readonly volume_per_day: number;
  readonly bucket_ms: number;
  readonly shifts: readonly {
    readonly kind: PlantedShift['kind'];
    readonly group: Record<string, string>;
    readonly label: string;
    readonly size: number;
    readonly start_bucket: number;
    readonly start: string;
  }[];
  readonly buckets: readonly {
    readonly start: string;
    readonly population: GroupTruthJson;
    readonly groups: readonly GroupTruthJson[];
  }[];
}

interface GroupTruthJson {
  readonly group: Record<string, string>;
  readonly accounts: number;
  readonly account_shares: Record<string, number>;
  readonly posting_shares: Record<string, number>;
  readonly stream_share: number;
}

/**
 * The seeded population simulator over the topic's validation texts, turned into `post/v1` posts
 * (hourly buckets over `days` ending now), `author/v1` profiles with the demographics the source
 * reports, and the truth. The demo and the end-to-end tests feed these to ingest.
 */
export function simulatedOpinionStream(options: SimulatedOpinionStreamOptions): SimulatedOpinionStream {
  const inputs = loadSimulationInputs(options);
  const pool = topicPool(inputs, options.topicId);
  const endMs = Math.floor((options.endMs ?? Date.now()) / HOUR_MS) * HOUR_MS;
  const simulation = simulateOpinionStream({
    seed: options.seed,
    topicId: options.topicId,
    margins: inputs.margins,
    accounts: options.accounts,
    buckets: Math.round((options.days * DAY_MS) / HOUR_MS),
    volumePerDay: options.volumePerDay,
    startMs: endMs - options.days * DAY_MS,
    shifts: options.shifts,
    baseShares: pool.baseShares,
    drawText: drawFromPool(pool),
  });
  const updatedAt = new Date(simulation.buckets[0]?.bucketStartMs ?? endMs).toISOString();
  return {
    posts: postsOf(simulation, pool, options.seed),
    authors: simulation.accounts.map((account) => ({
      schema: AUTHOR_PROFILE_SCHEMA,
      author_id: account.id,
      platform: SIMULATION_PLATFORM,
      demographics: { ...account.demographics },
      updated_at: updatedAt,
    })),
    truth: truthJson(simulation, pool, options),
  };
}

function postsOf(simulation: OpinionSimulation, pool: StanceTextPool, seed: number): Post[] {
  let serial = 0;
  return simulation.buckets.flatMap((bucket) =>
    bucket.observations.map((observation) => {
      return {
        schema: POST_SCHEMA,
        id: `sim${seed}-p${serial++}`,
        platform: SIMULATION_PLATFORM,
        author_id: simulation.accounts[observation.accountIndex].id,
        created_at: new Date(observation.timeMs).toISOString(),
        text: pool.texts[observation.textIndex],
        lang: 'en',
        kind: 'original',
        urls: [],
        hashtags: [...pool.hashtags[observation.textIndex]],
        mentions: [],
        media_hashes: [],
      };
    }),
  );
}

function truthJson(
  simulation: OpinionSimulation,
  pool: StanceTextPool,
  options: SimulatedOpinionStreamOptions,
): OpinionTruthJson {
  const startOf = (bucket: number) => simulation.buckets[bucket].bucketStartMs;
  return {
    schema: 'riptide-opinion-truth/v1',
    topic_id: simulation.topicId,
    stance_target: pool.target,
    seed: options.seed,
    accounts: simulation.accounts.length,
    volume_per_day: options.volumePerDay,
    bucket_ms: simulation.bucketMs,
    shifts: simulation.shifts.map((shift) => ({
      kind: shift.kind,
      group: { [shift.group.dimension]: shift.group.value },
      label: STANCE_LABELS[shift.label ?? STANCE_LABELS.indexOf('favor')],
      size: shift.size,
      start_bucket: shift.startBucket,
      start: new Date(startOf(shift.startBucket)).toISOString(),
    })),
    buckets: simulation.buckets.map(({ bucketStartMs, truth }) => ({
      start: new Date(bucketStartMs).toISOString(),
      population: groupTruthJson(truth.population),
      groups: truth.groups.map(groupTruthJson),
    })),
  };
}

function groupTruthJson(truth: GroupTruth): GroupTruthJson {
  const byLabel = (shares: readonly number[]) =>
    Object.fromEntries(STANCE_LABELS.map((label, index) => [label, round(shares[index])]));
  return {
    group: truth.group.dimension === null ? {} : { [truth.group.dimension]: truth.group.value ?? '' },
    accounts: truth.accounts,
    account_shares: byLabel(truth.accountShares),
    posting_shares: byLabel(truth.postingShares),
    stream_share: round(truth.streamShare),
  };
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
