import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { registerOpinionEvalCommand } from './opinion-eval.command';

/**
 * `riptide eval models`: the official TweetEval metrics (sentiment macro recall, stance F_avg) of a
 * model tier on any folder in the TweetEval layout, such as withheld test splits.
 */
export function registerEvalCommand(program: Command): void {
  const evaluate = program.command('eval').description('Evaluate models');
  registerOpinionEvalCommand(evaluate);
  evaluate
    .command('models')
    .description(
      'Score a model tier on a TweetEval-layout folder (sentiment/, stance/<target>/): the official metrics with 95% bootstrap intervals and the expected calibration error (ECE, 15 bins)',
    )
    .requiredOption('--data <dir>', 'folder in the TweetEval layout')
    .option('--split <split>', 'split to read: val or test', 'val')
    .option(
      '--tier <tier>',
      'model tier: small, fast (static vectors distilled from MiniLM), accurate (MiniLM) or accurate-e5 (E5-small-v2)',
      'small',
    )
    .option('--threads <n>', 'onnxruntime intra-op threads', '1')
    .option('--json', 'print the full report as JSON (default: a short summary)')
    .action(
      async (options: { data: string; split: string; tier: string; threads: string; json?: boolean }) => {
        if (!['val', 'test'].includes(options.split))
          throw new CliError(`--split: must be val or test, got "${options.split}"`);
        const threads = Number(options.threads);
        if (!Number.isInteger(threads) || threads < 1)
          throw new CliError(`--threads: must be an integer >= 1, got "${options.threads}"`);
        const { existsSync } = await import('node:fs');
        if (!existsSync(options.data)) throw new CliError(`--data: ${options.data} does not exist`);
        const nlp = await import('@riptide/nlp');
        const training = await import('@riptide/nlp-training');
        let tier;
        try {
          tier = nlp.classifierTier(options.tier);
        } catch (error) {
          throw new CliError(`--tier: ${error instanceof Error ? error.message : String(error)}`);
        }
        process.stderr.write(`loading the ${tier.name} tier...\n`);
        const models = await tier.load({ intraOpThreads: threads });
        try {
          const started = Date.now();
          const report = await training
            .evaluateTweetEval(options.data, options.split, models)
            .catch((error: unknown) => {
              throw new CliError(error instanceof Error ? error.message : String(error));
            });
          const output = {
            tier: tier.name,
            data: options.data,
            models: { sentiment: models.sentiment.id, stance: models.stance.id },
            seconds: (Date.now() - started) / 1000,
            ...report,
          };
          if (options.json) {
            process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
          } else {
            const interval = ([low, high]: [number, number]) => `${low.toFixed(3)}-${high.toFixed(3)}`;
            const ece = (r: { ece: number; ece_uncalibrated?: number }) =>
              r.ece_uncalibrated === undefined
                ? `ECE ${r.ece.toFixed(4)}`
                : `ECE ${r.ece.toFixed(4)} (uncalibrated ${r.ece_uncalibrated.toFixed(4)})`;
            process.stdout.write(
              `sentiment macro recall ${report.sentiment.macro_recall.toFixed(4)} [95% ${interval(report.sentiment.macro_recall_bootstrap_95)}], ${ece(report.sentiment)} (${report.sentiment.examples} tweets)\n`,
            );
            process.stdout.write(
              report.stance
                ? `stance F_avg ${report.stance.f_avg.toFixed(4)} [95% ${interval(report.stance.f_avg_bootstrap_95)}], ${ece(report.stance)} (${report.stance.examples} tweets)\n`
                : 'stance: not evaluated\n',
            );
            for (const note of report.notes) process.stdout.write(`note: ${note}\n`);
          }
        } finally {
          await models.sentiment.close();
          await models.stance.close();
        }
      },
    );
}
