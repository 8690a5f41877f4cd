import type { Command } from 'commander';
import { defaultDataDir } from '../data-dir';
import { CliError } from '../cli-error';

/** `riptide train models`: trains the small sentiment and stance models and writes them with their manifests. */
export function registerTrainCommand(program: Command): void {
  const train = program.command('train').description('Train the models the project ships');
  train
    .command('models')
    .description('Train the small sentiment and stance models (seeded, deterministic) into --out')
    // The data sits beside the checkout (../shared/data) unless RIPTIDE_DATA_DIR says otherwise.
    .option(
      '--data <dir>',
      'folder in the TweetEval layout with train and val splits (default: $RIPTIDE_DATA_DIR or ../shared/data)',
      defaultDataDir(),
    )
    .option('--out <dir>', 'output folder for the ONNX files and manifests', 'models/small')
    .action(async (options: { data: string; out: string }) => {
      const { existsSync } = await import('node:fs');
      const { join } = await import('node:path');
      if (!existsSync(join(options.data, 'sentiment'))) {
        throw new CliError(
          `--data: ${options.data} has no sentiment/ folder (expected the TweetEval layout)`,
        );
      }
      const { SingleBar, Presets } = await import('cli-progress');
      const { trainSmallModels } = await import('@riptide/nlp-training');
      const bar = new SingleBar(
        { format: '{step} [{bar}] {value}/{total} | {elapsed}s', stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      );
      const started = Date.now();
      let currentStep = '';
      let manifests;
      try {
        manifests = trainSmallModels({
          dataDir: options.data,
          outDir: options.out,
          onProgress: (step, done, total) => {
            const payload = { step, elapsed: ((Date.now() - started) / 1000).toFixed(1) };
            if (step !== currentStep) {
              if (currentStep) bar.stop();
              currentStep = step;
              bar.start(total, done, payload);
            } else {
              bar.update(done, payload);
            }
          },
        });
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error));
      } finally {
        bar.stop();
      }
      for (const manifest of manifests) {
        process.stdout.write(
          `${manifest.id}: ${join(options.out, manifest.onnx.file)} (${manifest.onnx.bytes} bytes) ${JSON.stringify(manifest.metrics)}\n`,
        );
      }
    });
}
