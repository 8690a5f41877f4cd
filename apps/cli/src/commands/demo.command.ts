import type { Command } from 'commander';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'run the pipeline end to end: local Kafka, topics, ingest, scorer and coordination, simulated posts with planted campaigns, and what was found',
    )
    .option('--keep', 'keep the services running after the summary, until Ctrl-C', false)
    .action(async (options: { keep: boolean }) => {
      const { runDemo } = await import('../demo/run-demo');
      await runDemo(options, (line) => process.stderr.write(`demo: ${line}\n`));
    });
}
