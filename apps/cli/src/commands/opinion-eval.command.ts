import { Option, type Command } from 'commander';
import { CliError } from '../cli-error';
import { integerOption } from '../opinion/integer-option';

/**
 * `riptide eval opinion`: the opinion estimation, detectors and decomposition on simulated streams with
 * ground truth, scored by the real models of a tier. JSON report on stdout, progress on stderr.
 */
export function registerOpinionEvalCommand(evaluate: Command): void {
  evaluate
    .command('opinion')
    .description('Estimate opinion on simulated populations with planted shifts and compare with the truth')
    .option('--seeds <n>', 'seeds (the topic rotates over the stance targets across seeds)', '5')
    .option('--days <n>', 'simulated days; shifts start on the last, the days before are the baseline', '2')
    .option('--volume <n>', 'observations a day on the topic (default 24000, also run at half and double)')
    .option('--accounts <n>', 'accounts in each simulated population', '10000')
    .addOption(
      new Option(
        '--pool <pool>',
        'post texts: the validation split, or a held-out fold of the training split (small tier)',
      )
        .choices(['validation', 'held-out'])
        .default('validation'),
    )
    .option('--tier <tier>', 'model tier that scores the texts: small, accurate or accurate-e5', 'small')
    .option('--json', 'the report as JSON (the default; kept for symmetry with eval models)')
    .action(
      async (options: {
        seeds: string;
        days: string;
        volume?: string;
        accounts: string;
        tier: string;
        pool: 'validation' | 'held-out';
      }) => {
        const seeds = integerOption('--seeds', options.seeds, 1);
        const days = integerOption('--days', options.days, 2);
        const accounts = integerOption('--accounts', options.accounts, 100);
        const volumePerDay =
          options.volume === undefined ? 24_000 : integerOption('--volume', options.volume, 48);
        const nlp = await import('@riptide/nlp');
        if (!nlp.classifierTierNames().includes(options.tier))
          throw new CliError(
            `--tier: unknown tier "${options.tier}"; known: ${nlp.classifierTierNames().join(', ')}`,
          );
        if (options.pool === 'held-out' && options.tier !== 'small')
          throw new CliError(
            '--pool held-out: only the small tier can be refitted without the held-out fold',
          );
        const { evaluateOpinion } = await import('../opinion/opinion-eval');
        const report = await evaluateOpinion({
          seeds,
          days,
          volumePerDay,
          alsoHalfAndDouble: options.volume === undefined,
          tier: options.tier,
          pool: options.pool,
          accounts,
          progress: (line) => process.stderr.write(line),
        }).catch((error: unknown) => {
          throw new CliError(error instanceof Error ? error.message : String(error));
        });
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      },
    );
}
