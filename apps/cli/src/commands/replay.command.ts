import { Command, Option } from 'commander';
import { CliError } from '../cli-error';

const FORMATS = ['twitter-v2', 'bluesky', 'coortweet', 'qut', 'post'] as const;

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      'replay a file of posts into posts.raw (and its deletions into posts.deleted) through the format adapter, with a progress bar',
    )
    .requiredOption('--file <path>', 'the file to read (NDJSON, JSON or CSV by format)')
    .addOption(new Option('--format <format>', 'source layout').choices(FORMATS).makeOptionMandatory())
    .option('--rate <n>', 'posts and deletions per second (default: as fast as the broker takes them)')
    .option('--errors <path>', 'write every rejected record as NDJSON (line, code, field, message)')
    .option('--topic <name>', 'logical topic to write posts to', 'posts.raw')
    .option('--deletions-topic <name>', 'logical topic to write deletions of posts to', 'posts.deleted')
    .addHelpText(
      'after',
      '\nExit codes: 0 all records replayed or skipped, 2 some records were invalid (reported), 1 failure.',
    )
    .action(
      async (options: {
        file: string;
        format: (typeof FORMATS)[number];
        rate?: string;
        errors?: string;
        topic: string;
        deletionsTopic: string;
      }) => {
        const rate = options.rate === undefined ? undefined : Number(options.rate);
        if (rate !== undefined && !(Number.isFinite(rate) && rate > 0))
          throw new CliError('--rate must be a positive number of records per second');
        const { replayFile } = await import('../replay/replay-file');
        const summary = await replayFile({
          file: options.file,
          format: options.format,
          rate,
          errorsFile: options.errors,
          topic: options.topic,
          deletionsTopic: options.deletionsTopic,
        });
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        if (summary.invalid > 0) process.exitCode = 2;
      },
    );
}
