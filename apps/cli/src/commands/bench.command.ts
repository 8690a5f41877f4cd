import type { Command } from 'commander';
import { CliError } from '../cli-error';

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description(
      'measure throughput and print a JSON summary: baseline.per_s (bare kafkajs pass-through) and ' +
        'stages.<name>.per_s and .ratio_to_baseline, measured in the same run (see docs/bench.md)',
    )
    .option('--messages <n>', 'messages per broker pass-through', '200000')
    .option('--rounds <n>', 'alternating rounds of baseline and libs/stream; the best of each is kept', '2')
    .option('--only <names>', 'comma-separated: baseline, stream_passthrough, stream_fanout, or stage names')
    .action(async (options: { messages: string; rounds: string; only?: string }) => {
      const messages = Number(options.messages);
      const rounds = Number(options.rounds);
      if (!Number.isInteger(messages) || messages < 1000)
        throw new CliError('--messages must be a whole number of at least 1000');
      if (!Number.isInteger(rounds) || rounds < 1)
        throw new CliError('--rounds must be a whole number of at least 1');
      // Before any stage creates a logger: stdout carries nothing but the JSON summary.
      (await import('@riptide/observability')).logToStderr();
      const { runBench } = await import('../bench/run-bench');
      const summary = await runBench(
        { messages, rounds, only: options.only?.split(',').map((s) => s.trim()) },
        (line) => process.stderr.write(`bench: ${line}\n`),
      );
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    });
}
