import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ManifestError, type ModelManifest } from './model-manifest';
import { parseModelManifest } from './parse-model-manifest';

export interface LoadedModelFiles {
  readonly manifest: ModelManifest;
  /** The ONNX file's bytes, already checked against `manifest.onnx.sha256`. */
  readonly onnxBytes: Uint8Array;
}

/** Reads a manifest and its ONNX file (relative to the manifest), validating both. */
export function loadModelFiles(manifestPath: string): LoadedModelFiles {
  const source = basename(manifestPath);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new ManifestError(
      source,
      '(file)',
      `cannot read it as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const manifest = parseModelManifest(json, source);
  const onnxPath = resolve(dirname(manifestPath), manifest.onnx.file);
  let onnxBytes: Uint8Array;
  try {
    onnxBytes = readFileSync(onnxPath);
  } catch {
    throw new ManifestError(source, 'onnx.file', `${onnxPath} cannot be read`);
  }
  const actual = createHash('sha256').update(onnxBytes).digest('hex');
  if (actual !== manifest.onnx.sha256) {
    throw new ManifestError(
      source,
      'onnx.sha256',
      `checksum mismatch: ${manifest.onnx.file} has sha256 ${actual}, the manifest expects ${manifest.onnx.sha256}`,
    );
  }
  return { manifest, onnxBytes };
}
