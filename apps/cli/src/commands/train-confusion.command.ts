import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { defaultDataDir } from '../data-dir';

const TIERS = ['small', 'accurate', 'accurate-e5'] as const;
type Tier = (typeof TIERS)[number];

interface ConfusionOptions {
  readonly tier: string;
  readonly data: string;
  readonly out?: string;
  readonly validation?: boolean;
  readonly sentimentFolds: string;
}

/**
 * `riptide train confusion`: estimates each shipped model's confusion matrices from out-of-fold
 * predictions on the training split (fold models retrained with the shipped recipe) and writes
 * `<id>.confusion.json` beside the model, for the opinion service's misclassification correction.
 */
export function registerTrainConfusionCommand(program: Command): void {
  const train = program.commands.find((command) => command.name() === 'train');
  if (!train) throw new Error('the train command must be registered before train confusion');
  train
    .command('confusion')
    .description(
      "Estimate the shipped models' confusion matrices out of fold on train (fold models retrained with the shipped recipe, labels by the shipped decision rule) and write <model>.confusion.json beside each model; a manifest without a calibration gets the temperature fitted on the same held-out predictions",
    )
    .option('--tier <name>', `which tier: ${TIERS.join(', ')}`, 'small')
    .option(
      '--data <dir>',
      'folder in the TweetEval layout with train and val splits (default: $RIPTIDE_DATA_DIR or ../shared/data)',
      defaultDataDir(),
    )
    .option('--out <dir>', "where to write the files (default: the tier's models folder)")
    .option(
      '--sentiment-folds <n>',
      "accurate tiers: how many of the 5 folds get a fine-tuned sentiment model (each tunes the encoder's top layers two epochs over 38,000 tweets: 2,374 steps, 1-2.5 s each on one thread here); 0 skips the sentiment head",
      '1',
    )
    .option(
      '--validation',
      'also score the shipped models on the validation split and print that confusion beside the out-of-fold one (a report only: nothing is fitted on it)',
    )
    .action(async (options: ConfusionOptions) => {
      const { existsSync, mkdirSync, writeFileSync } = await import('node:fs');
      const { join, resolve } = await import('node:path');
      if (!TIERS.includes(options.tier as Tier))
        throw new CliError(`--tier: expected one of ${TIERS.join(', ')}, got ${options.tier}`);
      const tier = options.tier as Tier;
      const sentimentFolds = Number(options.sentimentFolds);
      if (!Number.isInteger(sentimentFolds) || sentimentFolds < 0 || sentimentFolds > 5)
        throw new CliError(`--sentiment-folds: expected an integer in 0..5, got ${options.sentimentFolds}`);
      const dataDir = resolve(options.data);
      if (!existsSync(join(dataDir, 'stance')))
        throw new CliError(`--data: ${dataDir} has no stance/ folder (expected the TweetEval layout)`);
      const nlp = await import('@riptide/nlp');
      const training = await import('@riptide/nlp-training');
      const modelsDir = tier === 'small' ? nlp.SMALL_MODELS_DIR : nlp.encoderTierSpec(tier).headsDir;
      const outDir = resolve(options.out ?? modelsDir);
      mkdirSync(outDir, { recursive: true });
      const progress = await progressBar();
      const report: Record<string, unknown>[] = [];
      const write = (file: import('@riptide/nlp').ConfusionFileJson, seconds: number) => {
        const path = join(outDir, nlp.confusionFileName(file.model.split('@')[0]));
        // Validated before it is written: the opinion service refuses to start on a malformed file.
        const parsed = nlp.parseConfusionFile(file, path);
        writeFileSync(path, nlp.formatConfusionFile(file));
        // A model whose manifest had no temperature gets the one fitted on these held-out predictions,
        // so the served probabilities and the file's mean probabilities agree (only beside the model).
        const manifestPath = join(modelsDir, `${file.model.split('@')[0]}.json`);
        const calibrate =
          file.calibration !== undefined &&
          outDir === resolve(modelsDir) &&
          nlp.loadModelFiles(manifestPath).manifest.calibration === undefined;
        if (calibrate && file.calibration) training.writeManifestCalibration(manifestPath, file.calibration);
        report.push({
          model: file.model,
          file: path,
          seconds,
          calibration: file.calibration,
          ...(calibrate ? { calibration_written_to: manifestPath } : {}),
          out_of_fold: Object.fromEntries(
            Object.entries(parsed.targets).map(([target, confusion]) => [
              target,
              training.confusionHeadline(confusion, file.labels),
            ]),
          ),
        });
      };
      try {
        if (tier === 'small') {
          for (const recipe of [training.SENTIMENT_RECIPE, training.STANCE_RECIPE]) {
            const started = Date.now();
            const file = training.smallModelConfusion(recipe, {
              dataDir,
              modelsDir: nlp.SMALL_MODELS_DIR,
              onProgress: progress.update,
            });
            write(file, (Date.now() - started) / 1000);
          }
        } else {
          const spec = nlp.encoderTierSpec(tier);
          const cacheDir = resolve(nlp.REPOSITORY_ROOT, '.local/cache/embeddings');
          const models = await nlp.loadEncoderTierModels(spec, { threads: 1 });
          try {
            const started = Date.now();
            // Single-threaded and batched as train-accurate embedded the training split, so the cache serves it.
            const embedder = await nlp.SentenceEmbedder.load(nlp.loadEncoderManifest(spec.encoderManifest), {
              threads: 1,
              batchSize: 64,
            });
            try {
              const file = await training.mixedHeadConfusion(models.stance, embedder, {
                dataDir,
                cacheDir,
                onProgress: progress.update,
              });
              write(file, (Date.now() - started) / 1000);
            } finally {
              await embedder.release();
            }
            if (sentimentFolds > 0) {
              const sentimentStarted = Date.now();
              const file = await training.topLayersHeadConfusion(
                models.sentiment,
                nlp.loadEncoderManifest(spec.encoderManifest),
                { dataDir, cacheDir, foldsToPredict: sentimentFolds, onProgress: progress.update },
              );
              write(file, (Date.now() - sentimentStarted) / 1000);
            }
          } finally {
            await models.close();
          }
        }
        if (options.validation) await addValidation(report, tier, dataDir, progress);
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error));
      } finally {
        progress.stop();
      }
      // Rates to 4 decimals: the report is read by people; the files keep the full figures.
      const rounded = (_: string, value: unknown) =>
        typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1e4) / 1e4 : value;
      process.stdout.write(`${JSON.stringify(report, rounded, 2)}\n`);
    });
}

/** Adds each reported model's validation confusion (its headline and counts) to its report entry. */
async function addValidation(
  report: Record<string, unknown>[],
  tier: Tier,
  dataDir: string,
  progress: Progress,
): Promise<void> {
  const nlp = await import('@riptide/nlp');
  const training = await import('@riptide/nlp-training');
  const models = await nlp.classifierTier(tier).load({ intraOpThreads: 1 });
  try {
    for (const classifier of [models.sentiment, models.stance]) {
      const entry = report.find((e) => String(e.model).startsWith(`${classifier.id}@`));
      if (!entry) continue;
      progress.update(`${classifier.id}: scoring val`, 0, 1);
      const byTarget = await training.validationConfusion(classifier, dataDir);
      progress.update(`${classifier.id}: scoring val`, 1, 1);
      entry.validation = Object.fromEntries(
        Object.entries(byTarget).map(([target, confusion]) => [
          target,
          { ...training.confusionHeadline(confusion, classifier.labels), counts: confusion.counts },
        ]),
      );
    }
  } finally {
    await models.sentiment.close();
    await models.stance.close();
  }
}

interface Progress {
  readonly update: (step: string, done: number, total: number) => void;
  readonly stop: () => void;
}

/** One progress bar on stderr, restarted whenever the step changes. */
async function progressBar(): Promise<Progress> {
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    {
      format: '{step} [{bar}] {value}/{total} | {elapsed}s',
      stream: process.stderr,
      hideCursor: true,
      // Fine-tuning runs for tens of minutes, often into a log file: a line every 30 s there.
      noTTYOutput: true,
      notTTYSchedule: 30_000,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let current = '';
  return {
    update(step, done, total) {
      const payload = { step, elapsed: ((Date.now() - started) / 1000).toFixed(1) };
      if (step !== current) {
        if (current) bar.stop();
        current = step;
        bar.start(total, done, payload);
      } else bar.update(done, payload);
    },
    stop: () => bar.stop(),
  };
}
