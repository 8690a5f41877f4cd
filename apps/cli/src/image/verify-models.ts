import { parseEncoderManifest, sha256Of, type EncoderManifest } from '@riptide/nlp';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A model file found to hash to the sha256 a manifest pins. */
export interface VerifiedFile {
  /** Absolute path. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * Checks the models an image ships before it ships them: every `{file, sha256}` pin in the manifests of
 * `modelsDir` (the tiers' ONNX graphs and fine-tuned layers), every sentence encoder a manifest there
 * describes (its files in `encodersDir/<id>/`), and that no ONNX file travels unpinned. Returns the
 * files checked, sorted by path; throws listing every problem.
 */
export function verifyModels(modelsDir: string, encodersDir: string): VerifiedFile[] {
  const problems: string[] = [];
  const verified = new Map<string, VerifiedFile>();
  const check = (path: string, sha256: string, expectedBytes?: number) => {
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch {
      problems.push(`${path} is missing`);
      return;
    }
    const actual = sha256Of(content);
    if (actual !== sha256) problems.push(`${path} has sha256 ${actual}, its manifest pins ${sha256}`);
    else if (expectedBytes !== undefined && content.length !== expectedBytes)
      problems.push(`${path} has ${content.length} bytes, its manifest says ${expectedBytes}`);
    else verified.set(resolve(path), { path: resolve(path), sha256, bytes: content.length });
  };

  const jsonFiles = filesUnder(modelsDir).filter((path) => path.endsWith('.json'));
  for (const manifestPath of jsonFiles) {
    const json: unknown = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const pin of filePins(json)) check(join(dirname(manifestPath), pin.file), pin.sha256, pin.bytes);
    const encoder = asEncoderManifest(json, manifestPath);
    if (encoder !== undefined)
      for (const spec of [encoder.files.model, encoder.files.tokenizer])
        check(join(encodersDir, encoder.id, spec.fileName), spec.sha256);
  }
  const onnxFiles = [...filesUnder(modelsDir), ...filesUnder(encodersDir)].filter((path) =>
    path.endsWith('.onnx'),
  );
  for (const onnx of onnxFiles)
    if (!verified.has(resolve(onnx)) && !problems.some((problem) => problem.startsWith(onnx)))
      problems.push(`${onnx} is pinned by no manifest (no sha256 names it)`);
  if (problems.length > 0) throw new Error(`model files failed verification:\n  ${problems.join('\n  ')}`);
  return [...verified.values()].sort((a, b) => a.path.localeCompare(b.path));
}

interface FilePin {
  readonly file: string;
  readonly sha256: string;
  readonly bytes?: number;
}

/** Every `{ file, sha256 }` object in a manifest, at any depth (`onnx`, `topLayers`, ...). */
function filePins(json: unknown): FilePin[] {
  if (Array.isArray(json)) return json.flatMap(filePins);
  if (typeof json !== 'object' || json === null) return [];
  const record = json as Record<string, unknown>;
  const own =
    typeof record.file === 'string' && typeof record.sha256 === 'string'
      ? [
          {
            file: record.file,
            sha256: record.sha256,
            ...(typeof record.bytes === 'number' && { bytes: record.bytes }),
          },
        ]
      : [];
  return [...own, ...Object.values(record).flatMap(filePins)];
}

function asEncoderManifest(json: unknown, path: string): EncoderManifest | undefined {
  const looksLikeOne = typeof json === 'object' && json !== null && 'maven' in json && 'files' in json;
  return looksLikeOne ? parseEncoderManifest(json, path) : undefined;
}

function filesUnder(directory: string): string[] {
  try {
    return readdirSync(directory, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}
