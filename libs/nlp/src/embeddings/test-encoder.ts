import { readFileSync } from 'node:fs';
import type { EncoderFiles } from './model-files';
import { encoderProblems, FETCH_HINT, requireEncoderFiles } from './model-files';
import { loadEncoderManifest } from './minilm-manifest';

/**
 * For specs that need the fetched MiniLM files: their paths, or a failure that tells the reader to
 * fetch them (CI runs `riptide models fetch` before the tests, so a missing model is an error, not a skip).
 */
export function fetchedEncoderFiles(): EncoderFiles {
  const manifest = loadEncoderManifest();
  if (encoderProblems(manifest).length > 0) {
    throw new Error(`these tests need the MiniLM model files: ${FETCH_HINT}`);
  }
  return requireEncoderFiles(manifest);
}

export function fetchedTokenizerJson(): unknown {
  return JSON.parse(readFileSync(fetchedEncoderFiles().tokenizerPath, 'utf8'));
}
