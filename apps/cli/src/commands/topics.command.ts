import type { Command } from 'commander';

export function registerTopicsCommands(program: Command): void {
  const topics = program
    .command('topics')
    .description('Kafka topics as code (libs/stream/src/topics/topic-catalog.ts)');

  topics
    .command('apply')
    .description(
      'create missing topics, fix configs and partition counts; idempotent; reports every difference',
    )
    .option('--dry-run', 'only report the differences', false)
    .option('--json', 'print the report as JSON', false)
    .action(async (options: { dryRun: boolean; json: boolean }) => {
      const { applyTopicCatalog, kafkaConnectionFromEnv } = await import('@riptide/stream');
      const report = await applyTopicCatalog(kafkaConnectionFromEnv('riptide-topics'), options.dryRun);
      if (report.some((row) => row.change === 'cannot-shrink')) process.exitCode = 2;
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      for (const row of report)
        process.stdout.write(`${row.change.padEnd(13)} ${row.topic}${row.detail ? `  ${row.detail}` : ''}\n`);
      const changed = report.filter((row) => row.change !== 'unchanged').length;
      process.stdout.write(
        `${changed === 0 ? 'no differences' : `${changed} difference(s) ${options.dryRun ? 'found' : 'applied'}`}\n`,
      );
    });
}
