import { postCodec, shareEventCodec } from '@riptide/contracts';
import {
  createBenchTopics,
  deleteBenchTopics,
  fillTopic,
  KafkaConnection,
  kafkaConnectionFromEnv,
  PassThroughRun,
  runBarePassThrough,
  runStreamPassThrough,
  waitForBroker,
} from '@riptide/stream';
import { availableParallelism, cpus } from 'node:os';
import type { BenchContext, BenchStageResult } from './bench-stage';
import { roundTo } from './round-to';
import { scorerCeiling } from './scorer-ceiling';
import { benchStages } from './stages';
import { SCORED_TEXT_SHARE } from './tweet-posts';
import { syntheticPost } from './synthetic-post';

export interface BenchOptions {
  readonly messages: number;
  readonly rounds: number;
  readonly only?: string[];
}

interface BrokerBaseline {
  readonly connection: KafkaConnection;
  readonly baseline: PassThroughRun & { name: string; rounds: PassThroughRun[] };
  readonly stream: PassThroughRun & { rounds: PassThroughRun[] };
  readonly fanOut?: FanOutRuns;
}

type FanOutRuns = Record<keyof typeof SCORER_FAN_OUT, PassThroughRun & { rounds: PassThroughRun[] }>;

const PARTITIONS = 3;

/**
 * Messages the scorer emits per post besides the post itself (docs/bench.md, `scorer_broker`
 * `outputs_per_post` on the bench's tweets): 4.24 with every share kind (0.01 stance observations, 4.23
 * shares), 1.24 without the near-duplicate `text` shares.
 */
const SCORER_FAN_OUT = { with_text_shares: 4.24, without_text_shares: 1.24 } as const;

/** A share event as the scorer writes it, about 190 bytes: the fan-out's extra messages. */
const SHARE_SAMPLE = shareEventCodec.encode({
  schema: 'share/v1',
  object_id: 'text:2:0f3a9c1e',
  object_kind: 'text',
  account_id: 'account-31337',
  post_id: 'bench-post-123456',
  shared_at: '2026-11-01T00:20:34.560Z',
  topic_ids: ['climate'],
});

/**
 * Runs the bare kafkajs pass-through (the baseline) and the libs/stream pass-through in alternating
 * rounds on the same prefilled topic, keeps the best round of each (the least disturbed by this noisy
 * machine), then every registered stage; ratios are taken against the baseline of this same run.
 */
export async function runBench(options: BenchOptions, progress: (line: string) => void): Promise<object> {
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const connection = { ...kafkaConnectionFromEnv('riptide-bench'), topicPrefix: `bench.${runId}.` };
  const wanted = (name: string) => !options.only || options.only.includes(name);
  const sample = postCodec.encode(syntheticPost(1));

  let broker: BrokerBaseline | undefined;
  let brokerProblem: string | undefined;
  try {
    await waitForBroker(connection.brokers, 5_000);
  } catch (error) {
    brokerProblem = `no broker: ${(error as Error).message}`;
  }
  if (!brokerProblem && (wanted('baseline') || wanted('stream_passthrough') || wanted('stream_fanout'))) {
    broker = await measurePassThrough(connection, options, wanted('stream_fanout'), progress);
  }

  const context: BenchContext = { brokers: connection.brokers, messages: options.messages, runId, progress };
  const stages: Record<string, object> = {};
  if (broker) stages.stream_passthrough = withRatio(broker.stream, broker.baseline.per_s);
  if (broker?.fanOut) {
    const { with_text_shares: headline, without_text_shares } = broker.fanOut;
    const fanOut = {
      ...headline,
      outputs_per_input: 1 + SCORER_FAN_OUT.with_text_shares,
      without_text_shares,
    };
    stages.stream_fanout = withRatio(fanOut, broker.baseline.per_s);
  }
  for (const stage of benchStages.filter((s) => wanted(s.name))) {
    if (stage.needsBroker && brokerProblem) {
      stages[stage.name] = { skipped: brokerProblem };
      continue;
    }
    progress(`stage ${stage.name}: ${stage.description}`);
    try {
      stages[stage.name] = withRatio(await stage.run(context), broker?.baseline.per_s);
    } catch (error) {
      stages[stage.name] = { failed: (error as Error).message };
    }
  }

  const sentimentPerCpuS = (stages.scoring_core as { sentiment_per_cpu_s?: number } | undefined)
    ?.sentiment_per_cpu_s;
  const ceiling =
    broker?.fanOut && sentimentPerCpuS
      ? scorerCeiling({
          baselinePerS: broker.baseline.per_s,
          ioCpuUsPerPost: broker.fanOut.with_text_shares.cpu_us_per_input,
          sentimentPerCpuS,
          scoredTextShare: SCORED_TEXT_SHARE,
        })
      : { skipped: 'needs stream_fanout and scoring_core in the same run' };

  return {
    schema: 'riptide-bench/v1',
    started_at: new Date().toISOString(),
    machine: {
      cpus: availableParallelism(),
      cpu_model: cpus()[0]?.model ?? 'unknown',
      node: process.version,
    },
    message: { bytes: sample.length, count: options.messages, partitions: PARTITIONS },
    baseline: broker ? broker.baseline : { skipped: brokerProblem ?? 'not selected' },
    stages,
    scorer_ceiling: ceiling,
  };
}

async function measurePassThrough(
  connection: KafkaConnection,
  options: BenchOptions,
  fanOutWanted: boolean,
  progress: (line: string) => void,
): Promise<BrokerBaseline> {
  const topics = ['input', 'output'];
  await createBenchTopics(connection, topics, PARTITIONS);
  try {
    progress(`filling ${options.messages} posts`);
    await fillTopic(connection, 'input', options.messages, (index) => postCodec.encode(syntheticPost(index)));
    const bare: PassThroughRun[] = [];
    const stream: PassThroughRun[] = [];
    const fanOut = { with_text_shares: [] as PassThroughRun[], without_text_shares: [] as PassThroughRun[] };
    for (let round = 1; round <= options.rounds; round++) {
      progress(`round ${round}/${options.rounds}: bare kafkajs pass-through`);
      bare.push(await runBarePassThrough(connection, 'input', 'output', options.messages, `bare-${round}`));
      progress(`round ${round}/${options.rounds}: libs/stream pass-through with validation`);
      stream.push(
        await runStreamPassThrough(
          connection,
          'input',
          'output',
          options.messages,
          `stream-${round}`,
          postCodec,
        ),
      );
      if (!fanOutWanted) continue;
      for (const [name, perInput] of Object.entries(SCORER_FAN_OUT) as [keyof FanOutRuns, number][]) {
        progress(
          `round ${round}/${options.rounds}: libs/stream pass-through with ${perInput} extra messages per post`,
        );
        fanOut[name].push(
          await runStreamPassThrough(
            connection,
            'input',
            'output',
            options.messages,
            `fanout-${name}-${round}`,
            postCodec,
            { perInput, value: SHARE_SAMPLE },
          ),
        );
      }
    }
    return {
      connection,
      baseline: { name: 'kafkajs_passthrough', ...bestOf(bare) },
      stream: bestOf(stream),
      ...(fanOutWanted
        ? {
            fanOut: {
              with_text_shares: bestOf(fanOut.with_text_shares),
              without_text_shares: bestOf(fanOut.without_text_shares),
            },
          }
        : {}),
    };
  } finally {
    await deleteBenchTopics(connection, topics).catch(() => undefined);
  }
}

/** The best round (the least disturbed by other load), with every round beside it. */
function bestOf(runs: PassThroughRun[]): PassThroughRun & { rounds: PassThroughRun[] } {
  return { ...runs.reduce((a, b) => (b.per_s > a.per_s ? b : a)), rounds: runs };
}

/**
 * The stage's figure over the baseline's, and the same for each configuration a stage reports beside
 * its headline one (an object of its own with a `per_s`, e.g. the scorer with several threads).
 */
function withRatio(result: Pick<BenchStageResult, 'per_s'>, baselinePerS: number | undefined): object {
  const ratio = (perS: number) => (baselinePerS ? roundTo(perS / baselinePerS, 3) : null);
  const configurations = Object.entries(result as Record<string, unknown>).map(([name, value]) =>
    isConfiguration(value) ? [name, { ...value, ratio_to_baseline: ratio(value.per_s) }] : [name, value],
  );
  return { ...Object.fromEntries(configurations), ratio_to_baseline: ratio(result.per_s) };
}

function isConfiguration(value: unknown): value is { per_s: number; [detail: string]: unknown } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { per_s?: unknown }).per_s === 'number'
  );
}
