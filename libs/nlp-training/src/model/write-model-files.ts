import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINEAR_GRAPH_IO } from '../onnx/linear-classifier-graph';
import type { ModelManifest } from '@riptide/nlp';

/** What identifies a trained model; the rest of its manifest is the trainer's own account. */
export interface ModelIdentity {
  readonly id: string;
  readonly version: string;
  readonly task: ModelManifest['task'];
  readonly labels: readonly string[];
}

/**
 * Writes `<id>.onnx` and its manifest `<id>.json` beside it: identity, the file's checksum and size,
 * and the linear graph's input and output names, followed by `details` (featuriser, offsets, metrics,
 * training), in that order so that a retrain rewrites the manifest byte for byte.
 */
export function writeModelFiles<D extends object>(
  outDir: string,
  model: ModelIdentity,
  onnxBytes: Uint8Array,
  details: D,
) {
  const onnxFile = `${model.id}.onnx`;
  writeFileSync(join(outDir, onnxFile), onnxBytes);
  const manifest = {
    schema: 'riptide-model/v1' as const,
    id: model.id,
    version: model.version,
    task: model.task,
    labels: [...model.labels],
    onnx: {
      file: onnxFile,
      sha256: createHash('sha256').update(onnxBytes).digest('hex'),
      bytes: onnxBytes.length,
    },
    input: {
      indices: {
        name: LINEAR_GRAPH_IO.indices,
        dtype: 'int64' as const,
        shape: ['batch', 'features'] as ['batch', 'features'],
      },
      values: {
        name: LINEAR_GRAPH_IO.values,
        dtype: 'float32' as const,
        shape: ['batch', 'features'] as ['batch', 'features'],
      },
      output: {
        name: LINEAR_GRAPH_IO.probs,
        dtype: 'float32' as const,
        shape: ['batch', model.labels.length] as ['batch', number],
      },
    },
    ...details,
  };
  writeFileSync(join(outDir, `${model.id}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
