import { encoderFeeds, forEachLengthSortedBatch, type HfTokenizer } from '@riptide/nlp';
import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';

/** Progress of a distillation step, `done` of `total`. */
export type DistilProgress = (step: string, done: number, total: number) => void;

/** The ids the encoder wraps every input in. */
export interface SpecialIds {
  readonly cls: number;
  readonly sep: number;
}

const ISOLATED_BATCH = 512;

/**
 * The Model2Vec step: every vocabulary id run through the encoder alone, as `[CLS] id [SEP]`, and
 * the encoder's mean pool over those three positions taken as the token's vector (what the
 * encoder's own pooling would give a one-token text). `rows x dimensions`, row-major.
 */
export async function isolatedTokenVectors(
  encoder: InferenceSession,
  rows: number,
  dimensions: number,
  special: SpecialIds,
  progress: DistilProgress = () => undefined,
): Promise<Float32Array> {
  const table = new Float32Array(rows * dimensions);
  for (let start = 0; start < rows; start += ISOLATED_BATCH) {
    const count = Math.min(ISOLATED_BATCH, rows - start);
    const ids = new BigInt64Array(count * 3);
    for (let i = 0; i < count; i++)
      ids.set([BigInt(special.cls), BigInt(start + i), BigInt(special.sep)], i * 3);
    const shape = [count, 3];
    const outputs = await encoder.run({
      input_ids: new Tensor('int64', ids, shape),
      attention_mask: new Tensor('int64', new BigInt64Array(count * 3).fill(1n), shape),
      token_type_ids: new Tensor('int64', new BigInt64Array(count * 3), shape),
    });
    const hidden = outputs[encoder.outputNames[0]].data as Float32Array;
    for (let i = 0; i < count; i++)
      for (let d = 0; d < dimensions; d++) {
        const at = i * 3 * dimensions + d;
        table[(start + i) * dimensions + d] =
          (hidden[at] + hidden[at + dimensions] + hidden[at + 2 * dimensions]) / 3;
      }
    progress('vocabulary through the encoder', start + count, rows);
  }
  return table;
}

/** Per id, the sum of its output vectors over a corpus and how often it occurred. */
export interface ContextualSums {
  readonly sums: Float64Array;
  readonly counts: Float64Array;
}

/**
 * The encoder's output vector of every token of every corpus text, summed per vocabulary id
 * ([CLS] and [SEP] left out: the serving pool reads only the text's own pieces). A token's
 * context-averaged vector is what it contributes, on average, to the sentence vectors of the
 * corpus, which a token seen alone does not show (Bommasani et al. 2020).
 */
export async function contextualTokenSums(
  encoder: InferenceSession,
  tokenizer: HfTokenizer,
  texts: readonly string[],
  rows: number,
  dimensions: number,
  special: SpecialIds,
  progress: DistilProgress = () => undefined,
): Promise<ContextualSums> {
  const sums = new Float64Array(rows * dimensions);
  const counts = new Float64Array(rows);
  const lengths = texts.map((text) => tokenizer.encode(text).length);
  await forEachLengthSortedBatch(
    lengths,
    64,
    async (indices) => {
      const batch = tokenizer.encodeBatch(indices.map((i) => texts[i]));
      const outputs = await encoder.run(encoderFeeds(batch));
      const hidden = outputs[encoder.outputNames[0]].data as Float32Array;
      for (let position = 0; position < batch.inputIds.length; position++) {
        if (batch.attentionMask[position] === 0n) continue;
        const id = Number(batch.inputIds[position]);
        if (id === special.cls || id === special.sep) continue;
        counts[id]++;
        for (let d = 0; d < dimensions; d++) sums[id * dimensions + d] += hidden[position * dimensions + d];
      }
    },
    (done) => progress('corpus through the encoder', done, texts.length),
  );
  return { sums, counts };
}

/**
 * Context-averaged vectors shrunk toward the isolated ones: (sum + prior · isolated) / (count + prior),
 * so a token seen often keeps its corpus average, one seen once or twice stays near its isolated
 * vector, and one never seen keeps the isolated vector.
 */
export function shrunkTokenVectors(
  contextual: ContextualSums,
  isolated: Float32Array,
  dimensions: number,
  prior: number,
): Float32Array {
  const rows = contextual.counts.length;
  if (isolated.length !== rows * dimensions || contextual.sums.length !== rows * dimensions)
    throw new Error(`tables: expected ${rows} rows of ${dimensions}`);
  const table = new Float32Array(rows * dimensions);
  for (let id = 0; id < rows; id++) {
    const denominator = contextual.counts[id] + prior;
    for (let d = 0; d < dimensions; d++) {
      const at = id * dimensions + d;
      table[at] = (contextual.sums[at] + prior * isolated[at]) / denominator;
    }
  }
  return table;
}
