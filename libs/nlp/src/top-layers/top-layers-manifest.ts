import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { TopLayersFile } from './top-layers-embedder';

/**
 * The `topLayers` block of a head manifest whose dense part reads fine-tuned encoder layers:
 * the graph file beside the manifest, its checksum, and where in the encoder it takes over.
 */
export interface TopLayersBlock {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  /** The fetched encoder the layers were tuned from (its manifest id). */
  readonly encoder: string;
  readonly firstLayer: number;
  readonly layers: number;
}

/**
 * The head's top-layers file, or undefined for a head on the frozen encoder (no `topLayers`).
 * A malformed block or a file whose checksum differs is an error naming the field.
 */
export function topLayersOfManifest(manifestPath: string): TopLayersFile | undefined {
  const raw = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    topLayers?: unknown;
    embedding?: { encoder?: unknown };
  };
  if (raw.topLayers === undefined) return undefined;
  const block = parseTopLayersBlock(raw.topLayers, manifestPath);
  const onnxPath = resolve(dirname(manifestPath), block.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(onnxPath);
  } catch {
    throw new Error(`${manifestPath}: topLayers.file: ${onnxPath} cannot be read`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== block.sha256)
    throw new Error(
      `${manifestPath}: topLayers.sha256: ${block.file} has sha256 ${actual}, the manifest expects ${block.sha256}`,
    );
  if (typeof raw.embedding?.encoder !== 'string')
    throw new Error(`${manifestPath}: embedding.encoder: expected the id of the tuned vectors`);
  return { id: raw.embedding.encoder, onnxBytes: bytes, firstLayer: block.firstLayer };
}

export function parseTopLayersBlock(raw: unknown, source: string): TopLayersBlock {
  const fail = (field: string, problem: string): never => {
    throw new Error(`${source}: topLayers.${field}: ${problem}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('(block)', 'expected an object');
  const block = raw as Record<string, unknown>;
  const text = (field: string) =>
    typeof block[field] === 'string' && block[field].length > 0
      ? block[field]
      : fail(field, 'expected a non-empty string');
  const count = (field: string, min: number) =>
    Number.isInteger(block[field]) && (block[field] as number) >= min
      ? (block[field] as number)
      : fail(field, `expected an integer >= ${min}`);
  const sha256 = text('sha256');
  if (!/^[0-9a-f]{64}$/.test(sha256)) fail('sha256', 'expected 64 lower-case hex digits');
  return {
    file: text('file'),
    sha256,
    bytes: count('bytes', 1),
    encoder: text('encoder'),
    firstLayer: count('firstLayer', 1),
    layers: count('layers', 1),
  };
}
