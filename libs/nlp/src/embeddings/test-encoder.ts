import { readFileSync } from 'node:fs';
import type { EncoderFiles } from './model-files';
import { encoderProblems, FETCH_HINT, requireEncoderFiles } from './model-files';
import { loadEncoderManifest, type EncoderManifest } from './encoder-manifest';

/**
 * For specs that need a fetched encoder's files (MiniLM unless told): their paths, or a failure that
 * tells the reader to fetch them (CI runs `riptide models fetch` before the tests, so a missing model is
 * an error, not a skip).
 */
export function fetchedEncoderFiles(manifest: EncoderManifest = loadEncoderManifest()): EncoderFiles {
  if (encoderProblems(manifest).length > 0) {
    throw new Error(`these tests need the ${manifest.id} model files: ${FETCH_HINT}`);
  }
  return requireEncoderFiles(manifest);
}

export function fetchedTokenizerJson(): unknown {
  return JSON.parse(readFileSync(fetchedEncoderFiles().tokenizerPath, 'utf8'));
}
