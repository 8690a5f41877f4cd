import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { beforeAll, describe, expect, it } from 'vitest';
import { HfTokenizer } from '../embeddings/hf-tokenizer';
import { fetchedEncoderFiles, fetchedTokenizerJson } from '../embeddings/test-encoder';
import { seededRandom } from '../random/seeded-random';
import { intAttribute, node, tensor, valueInfo } from '../onnx/graph-parts';
import { HfTextClassifier } from './hf-text-classifier';

const VOCABULARY = 30522;
const LABELS = 3;

/**
 * A tiny sequence classifier in the Hugging Face export layout: inputs input_ids and attention_mask
 * (no token_type_ids, as in DistilBERT exports), output `logits` = mean over unmasked tokens of a
 * per-token score table + bias. Small, but it exercises tokenisation, padding and masking.
 */
function tinyClassifierOnnx(table: Float32Array, bias: Float32Array): Uint8Array {
  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const graph: onnx.IGraphProto = {
    name: 'tiny-classifier',
    input: [
      valueInfo('input_ids', INT64, ['batch', 'sequence']),
      valueInfo('attention_mask', INT64, ['batch', 'sequence']),
    ],
    output: [valueInfo('logits', FLOAT, ['batch', LABELS])],
    initializer: [
      tensor('table', FLOAT, [VOCABULARY, LABELS], table),
      tensor('bias', FLOAT, [LABELS], bias),
      tensor('axis_sequence', INT64, [1], BigInt64Array.from([1n])),
      tensor('axis_last', INT64, [1], BigInt64Array.from([2n])),
    ],
    node: [
      node('Gather', ['table', 'input_ids'], ['scores'], [intAttribute('axis', 0)]),
      node('Cast', ['attention_mask'], ['mask'], [intAttribute('to', FLOAT)]),
      node('Unsqueeze', ['mask', 'axis_last'], ['mask_3d']),
      node('Mul', ['scores', 'mask_3d'], ['masked']),
      node('ReduceSum', ['masked', 'axis_sequence'], ['summed'], [intAttribute('keepdims', 0)]),
      node('ReduceSum', ['mask_3d', 'axis_sequence'], ['count'], [intAttribute('keepdims', 0)]),
      node('Div', ['summed', 'count'], ['mean']),
      node('Add', ['mean', 'bias'], ['logits']),
    ],
  };
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 7, opsetImport: [{ domain: '', version: 13 }], graph }),
  ).finish();
}

describe('HfTextClassifier', () => {
  const random = seededRandom(11);
  const table = Float32Array.from({ length: VOCABULARY * LABELS }, () => 4 * (random() - 0.5));
  const bias = Float32Array.from([0.1, -0.2, 0.05]);
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'riptide-hf-'));
    writeFileSync(join(directory, 'model.onnx'), tinyClassifierOnnx(table, bias));
    copyFileSync(fetchedEncoderFiles().tokenizerPath, join(directory, 'tokenizer.json'));
    writeFileSync(
      join(directory, 'config.json'),
      JSON.stringify({ id2label: { 0: 'LABEL_0', 1: 'LABEL_1', 2: 'LABEL_2' } }),
    );
    writeFileSync(
      join(directory, 'sentiment.manifest.json'),
      JSON.stringify({
        schema: 'hf-classifier/v1',
        id: 'tiny-sentiment',
        task: 'sentiment',
        files: { model: 'model.onnx', tokenizer: 'tokenizer.json', config: 'config.json' },
        labelMap: { LABEL_0: 'negative', LABEL_1: 'neutral', LABEL_2: 'positive' },
        maxTokens: 16,
      }),
    );
  });

  /** What the graph computes, in plain TypeScript: mean of table rows over the tokens, + bias, softmax. */
  function reference(text: string): number[] {
    const ids = new HfTokenizer(fetchedTokenizerJson(), 16).encode(text);
    const logits = Array.from(
      bias,
      (b, c) => b + ids.reduce((sum, id) => sum + table[id * LABELS + c], 0) / ids.length,
    );
    const exps = logits.map((z) => Math.exp(z - Math.max(...logits)));
    return exps.map((e) => e / exps.reduce((a, b) => a + b, 0));
  }

  it('gives the labels and probabilities of a TypeScript reference computation, across padding and truncation', async () => {
    const classifier = await HfTextClassifier.load(join(directory, 'sentiment.manifest.json'));
    const texts = ['I love this!', 'worst day ever, nothing works', 'ok', 'word '.repeat(40)];
    const results = await classifier.classify(texts);
    await classifier.close();
    expect(classifier.labels).toEqual(['negative', 'neutral', 'positive']);
    results.forEach((result, row) => {
      const expected = reference(texts[row]);
      expect(result.probs).toHaveLength(3);
      result.probs.forEach((p, c) => expect(p).toBeCloseTo(expected[c], 5));
      expect(result.label).toBe(['negative', 'neutral', 'positive'][expected.indexOf(Math.max(...expected))]);
    });
  });

  it('names the field when the manifest or the config is wrong', async () => {
    const manifest = (overrides: object) => {
      const path = join(directory, `bad-${Math.floor(random() * 1e9)}.json`);
      writeFileSync(
        path,
        JSON.stringify({
          schema: 'hf-classifier/v1',
          id: 'x',
          task: 'sentiment',
          files: { model: 'model.onnx', tokenizer: 'tokenizer.json', config: 'config.json' },
          ...overrides,
        }),
      );
      return path;
    };
    await expect(
      HfTextClassifier.load(
        manifest({ files: { model: 'missing.onnx', tokenizer: 'tokenizer.json', config: 'config.json' } }),
      ),
    ).rejects.toThrow(/files\.model: .*missing\.onnx does not exist/);
    await expect(HfTextClassifier.load(manifest({ labelMap: { LABEL_0: 'angry' } }))).rejects.toThrow(
      'labelMap.LABEL_0: "angry" is not a sentiment label',
    );
    await expect(HfTextClassifier.load(manifest({ target: 'abortion' }))).rejects.toThrow(
      'target: only a stance classifier has a target',
    );
    await expect(HfTextClassifier.load(manifest({ task: 'topic' }))).rejects.toThrow(
      'task: expected "sentiment" or "stance", got "topic"',
    );
    await expect(HfTextClassifier.load(manifest({}))).rejects.toThrow(
      'id2label: label "LABEL_0" is not a sentiment label',
    );
  });
});
