import { readFileSync } from 'node:fs';
import {
  modelsDirectory,
  type EncoderManifest,
  HfTokenizer,
  requireEncoderFiles,
  encoderLayerStates,
  type TokenStates,
} from '@riptide/nlp';
import { readBertLayerWeights } from './encoder-layer-weights';
import type { TopLayersSpec } from './top-layers-graph';

/** Where fine-tuning an encoder's top layers starts: the frozen states below them and their weights. */
export interface TopLayersStart {
  /** The first tuned layer (0-based); the encoder's layers below it stay frozen. */
  readonly firstLayer: number;
  readonly spec: TopLayersSpec;
  /** The texts' token states entering the tuned layers (cached on disk). */
  readonly states: TokenStates;
  /** The encoder's own weights of the tuned layers (`layer<i>.<name>`), the starting point. */
  readonly initial: Map<string, Float32Array>;
}

/**
 * Prepares fine-tuning the top `layers` of an encoder on `texts`: the token states entering them,
 * computed once through the encoder cut below them and cached in `cacheDir`, and the layers'
 * dequantised weights. Shared by the accurate tier's training and its per-fold confusion estimate,
 * so both start from the same states. `onProgress` names its step (`train up to layer N`).
 */
export async function topLayersStart(
  encoder: EncoderManifest,
  layers: number,
  classes: number,
  texts: readonly string[],
  options: {
    readonly cacheDir: string;
    readonly threads: number;
    readonly modelsDir?: string;
    readonly onProgress?: (step: string, done: number, total: number) => void;
  },
): Promise<TopLayersStart> {
  const architecture = encoder.architecture;
  if (!architecture)
    throw new Error(
      `${encoder.id}: the encoder manifest has no architecture block (layers, heads, feedForward); fine-tuning needs it`,
    );
  const firstLayer = architecture.layers - layers;
  const files = requireEncoderFiles(encoder, options.modelsDir ?? modelsDirectory());
  const modelBytes = readFileSync(files.modelPath);
  const states = await encoderLayerStates(
    {
      modelId: encoder.id,
      modelBytes,
      tokenizer: new HfTokenizer(JSON.parse(readFileSync(files.tokenizerPath, 'utf8')), encoder.maxTokens),
      textPrefix: encoder.textPrefix,
      width: encoder.dimensions,
    },
    firstLayer - 1,
    texts,
    {
      cacheDir: options.cacheDir,
      threads: options.threads,
      onProgress: (done, total) => options.onProgress?.(`train up to layer ${firstLayer}`, done, total),
    },
  );
  const shape = {
    hidden: encoder.dimensions,
    heads: architecture.heads,
    feedForward: architecture.feedForward,
  };
  const initial = new Map<string, Float32Array>();
  for (let i = 0; i < layers; i++)
    for (const [name, values] of readBertLayerWeights(modelBytes, firstLayer + i, shape))
      initial.set(`layer${i}.${name}`, values);
  return { firstLayer, spec: { shape, layers, classes }, states, initial };
}
