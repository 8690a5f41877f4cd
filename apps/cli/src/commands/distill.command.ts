import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { defaultDataDir } from '../data-dir';

/**
 * `riptide models distill` and `riptide models train-fast`: the fast tier (docs/fast-tier.md). The
 * first distils the static token table from the fetched MiniLM encoder into models/fast; the
 * second trains the two heads on it. Both are deterministic and read the train splits only.
 */
export function registerFastTierCommands(models: Command): void {
  models
    .command('distill')
    .description(
      'Distil static token embeddings from the fetched all-MiniLM-L6-v2 encoder (token vectors averaged over the train tweets, PCA, frequency weights, int8) into models/fast with their checksums',
    )
    .option('--data <dir>', 'TweetEval-layout folder whose train splits are the corpus', defaultDataDir())
    .option('--out <dir>', 'where to write the table, vocabulary and manifest (default: models/fast)')
    .action(async (options: { data: string; out?: string }) => {
      const nlp = await import('@riptide/nlp');
      const training = await import('@riptide/nlp-training');
      const corpus = trainCorpus(training, options.data);
      const started = Date.now();
      const manifest = await training
        .distilStaticEmbedding(training.MINILM_STATIC, {
          encoder: nlp.loadEncoderManifest(),
          corpus: corpus.texts,
          corpusDescription: corpus.description,
          outDir: options.out ?? nlp.FAST_MODELS_DIR,
          progress: stderrProgress(),
        })
        .catch((error: unknown) => {
          throw new CliError(error instanceof Error ? error.message : String(error));
        });
      process.stdout.write(
        `${JSON.stringify({ seconds: (Date.now() - started) / 1000, ...manifest }, null, 2)}\n`,
      );
    });
  models
    .command('train-fast')
    .description(
      'Train the fast tier: sentiment and stance heads mixing hashed n-grams with the distilled static embedding (choices, temperature and confusion files from 5-fold cross-validation on train) into models/fast',
    )
    .option('--data <dir>', 'TweetEval-layout folder with the train splits', defaultDataDir())
    .option(
      '--out <dir>',
      'where to write the heads (default: models/fast, which must hold the distilled table)',
    )
    .option('--seed <n>', 'training and fold seed', '1')
    .action(async (options: { data: string; out?: string; seed: string }) => {
      const nlp = await import('@riptide/nlp');
      const training = await import('@riptide/nlp-training');
      const seed = Number(options.seed);
      if (!Number.isInteger(seed)) throw new CliError(`--seed: expected an integer, got ${options.seed}`);
      const outDir = resolve(options.out ?? nlp.FAST_MODELS_DIR);
      let embedder;
      try {
        embedder = nlp.StaticEmbedder.load(join(outDir, nlp.FAST_TIER_FILES.staticEmbedding));
      } catch (error) {
        throw new CliError(
          `${error instanceof Error ? error.message : String(error)} (run \`npx riptide models distill\` first)`,
        );
      }
      const started = Date.now();
      const progress = stderrProgress();
      const report = await training.trainFastTier(embedder, {
        dataDir: trainCorpus(training, options.data).dataDir,
        outDir,
        version: FAST_TIER_VERSION,
        seed,
        progress: (line) => process.stderr.write(`${line}\n`),
        onTrainProgress: progress,
      });
      process.stdout.write(
        `${JSON.stringify({ seconds: (Date.now() - started) / 1000, ...report }, null, 2)}\n`,
      );
    });
}

/** Version `riptide models train-fast` gives the heads it writes. */
const FAST_TIER_VERSION = '0.1.0';

/** The train tweets of both tasks: the distillation's corpus (validation is never read). */
function trainCorpus(training: typeof import('@riptide/nlp-training'), data: string) {
  const dataDir = resolve(data);
  if (!existsSync(resolve(dataDir, 'sentiment')) || !existsSync(resolve(dataDir, 'stance')))
    throw new CliError(
      `--data: ${dataDir} has no sentiment/ and stance/ folders (expected the TweetEval layout)`,
    );
  const texts = [
    ...training.readTaskExamples(dataDir, 'sentiment', 'train').texts,
    ...training.readTaskExamples(dataDir, 'stance', 'train').texts,
  ];
  return { dataDir, texts, description: 'train splits of sentiment/ and stance/<target>/ (TweetEval)' };
}

/** Progress on stderr: a line when a step starts, every tenth of it, and when it ends. */
function stderrProgress(): (step: string, done: number, total: number) => void {
  let current = '';
  let lastTenth = -1;
  const started = Date.now();
  return (step, done, total) => {
    const tenth = Math.floor((10 * done) / Math.max(total, 1));
    if (step === current && tenth === lastTenth) return;
    current = step;
    lastTenth = tenth;
    process.stderr.write(`${step}: ${done}/${total} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  };
}
