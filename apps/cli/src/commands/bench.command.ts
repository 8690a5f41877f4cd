import type { Command } from 'commander';
import type { ScaleSummary } from '../bench/scale/run-scale-bench';
import { CliError } from '../cli-error';

const DEFAULT_MESSAGES = '200000';
const DEFAULT_ROUNDS = '2';

interface BenchOptions {
  messages: string;
  rounds: string;
  only?: string;
  scale?: boolean;
  capacityOut?: string;
  sessionTimeoutMs?: string;
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description(
      'measure throughput and print a JSON summary: baseline.per_s (bare kafkajs pass-through) and ' +
        'stages.<name>.per_s and .ratio_to_baseline, measured in the same run; with --scale, each role at one ' +
        'and two instances, rebalances and per-instance capacity (see docs/bench.md)',
    )
    .option(
      '--messages <n>',
      'messages per broker pass-through (with --scale: the backlog of each run)',
      DEFAULT_MESSAGES,
    )
    .option(
      '--rounds <n>',
      'alternating rounds of baseline and libs/stream (with --scale: of one and two instances); the best of each is kept',
      DEFAULT_ROUNDS,
    )
    .option(
      '--only <names>',
      'comma-separated: baseline, stream_passthrough, stream_fanout, or stage names (with --scale: role names)',
    )
    .option(
      '--scale',
      'scaling and capacity: consumer groups at 1 and 2 instances, rebalances, every role per instance',
    )
    .option('--capacity-out <file>', 'with --scale: write the capacity figures there (deploy/capacity.json)')
    .option(
      '--session-timeout-ms <ms>',
      'with --scale: the consumer session timeout given to every instance (default: the services’ own, 30 s)',
    )
    .action(async (options: BenchOptions) => {
      const messages = Number(options.messages);
      const rounds = Number(options.rounds);
      if (!Number.isInteger(messages) || messages < 1000)
        throw new CliError('--messages must be a whole number of at least 1000');
      if (!Number.isInteger(rounds) || rounds < 1)
        throw new CliError('--rounds must be a whole number of at least 1');
      if (!options.scale && (options.capacityOut || options.sessionTimeoutMs))
        throw new CliError('--capacity-out and --session-timeout-ms go with --scale');
      const only = options.only?.split(',').map((s) => s.trim());
      // Before any stage creates a logger: stdout carries nothing but the JSON summary.
      (await import('@riptide/observability')).logToStderr();
      const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);
      if (!options.scale) {
        const { runBench } = await import('../bench/run-bench');
        const summary = await runBench({ messages, rounds, only }, progress);
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      const summary = await runScale(options, messages, rounds, only, progress);
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      // The summary is printed either way: it says what was measured before the failure.
      if (summary.problems.length > 0) throw new CliError(`bench --scale: ${summary.problems.join('; ')}`);
    });
}

async function runScale(
  options: BenchOptions,
  messages: number,
  rounds: number,
  only: string[] | undefined,
  progress: (line: string) => void,
): Promise<ScaleSummary> {
  const sessionTimeoutMs =
    options.sessionTimeoutMs === undefined ? undefined : Number(options.sessionTimeoutMs);
  // The bounds libs/stream accepts in RIPTIDE_CONSUMER_SESSION_TIMEOUT_MS.
  if (
    sessionTimeoutMs !== undefined &&
    !(Number.isInteger(sessionTimeoutMs) && sessionTimeoutMs >= 6_000 && sessionTimeoutMs <= 300_000)
  )
    throw new CliError('--session-timeout-ms must be a whole number of milliseconds from 6000 to 300000');
  const command = [
    'npx riptide bench --scale',
    ...(options.messages === DEFAULT_MESSAGES ? [] : [`--messages ${messages}`]),
    ...(options.rounds === DEFAULT_ROUNDS ? [] : [`--rounds ${rounds}`]),
    ...(only ? [`--only ${only.join(',')}`] : []),
    ...(sessionTimeoutMs === undefined ? [] : [`--session-timeout-ms ${sessionTimeoutMs}`]),
    ...(options.capacityOut ? [`--capacity-out ${options.capacityOut}`] : []),
  ].join(' ');
  const { runScaleBench } = await import('../bench/scale/run-scale-bench');
  return runScaleBench(
    { messages, rounds, sessionTimeoutMs, only, capacityOut: options.capacityOut, command },
    progress,
  );
}
