import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { integerOption } from '../opinion/integer-option';

/**
 * `riptide simulate opinion`: a seeded population stream on one topic with planted shifts, written as
 * files the pipeline takes (posts and author profiles for ingest) and the truth to judge it by.
 */
export function registerSimulateCommand(program: Command): void {
  const simulate = program.command('simulate').description('Generate simulated streams with ground truth');
  simulate
    .command('opinion')
    .description('A population stream on one topic: posts.ndjson, authors.ndjson and truth.json')
    .requiredOption('--out <dir>', 'folder to write into (created if missing)')
    .option('--seed <n>', 'seed of the population and the stream', '1')
    .option('--topic <id>', 'topic with a stance target (config/topics.json)', 'climate')
    .option('--days <n>', 'simulated days, ending now', '2')
    .option('--volume <n>', 'posts a day on the topic', '24000')
    .option('--accounts <n>', 'accounts in the population', '10000')
    .option(
      '--shift <spec>',
      'planted shift kind:dimension=value[:size[:startHour]] (repeatable), e.g. persuasion:age_group=45-64:0.1:30',
      (spec: string, previous: string[]) => [...previous, spec],
      [] as string[],
    )
    .action(
      async (options: {
        out: string;
        seed: string;
        topic: string;
        days: string;
        volume: string;
        accounts: string;
        shift: string[];
      }) => {
        const seed = integerOption('--seed', options.seed, 0);
        const days = integerOption('--days', options.days, 1);
        const volumePerDay = integerOption('--volume', options.volume, 24);
        const accounts = integerOption('--accounts', options.accounts, 1);
        const { parseShiftSpec } = await import('../opinion/shift-spec');
        const { simulatedOpinionStream } = await import('../opinion/simulated-opinion-stream');
        const { writeSimulatedStream } = await import('../opinion/write-simulated-stream');
        let stream;
        try {
          const shifts = options.shift.map((spec) => parseShiftSpec(spec, options.topic, 24));
          stream = simulatedOpinionStream({
            seed,
            topicId: options.topic,
            days,
            volumePerDay,
            accounts,
            shifts,
          });
        } catch (error) {
          throw new CliError(error instanceof Error ? error.message : String(error));
        }
        const written = await writeSimulatedStream(options.out, stream);
        process.stdout.write(`${JSON.stringify(written)}\n`);
      },
    );
}
