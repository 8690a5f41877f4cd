import { readFileSync } from 'node:fs';
import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { loadEncoderManifest, MINILM_MANIFEST_PATH } from '../embeddings/encoder-manifest';
import { fetchedEncoderFiles } from '../embeddings/test-encoder';
import { encoderAbove, encoderWithOutputs, layerOutputName } from './encoder-layer-states';

const modelBytes = readFileSync(fetchedEncoderFiles(loadEncoderManifest(MINILM_MANIFEST_PATH)).modelPath);
const graphOf = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes).graph as onnx.IGraphProto;

describe('cutting a BERT encoder graph (MiniLM, six layers)', () => {
  const cut = layerOutputName(2);

  it('keeps only layers 0..2 below the cut, with the cut tensor as the only output', () => {
    const below = graphOf(encoderWithOutputs(modelBytes, [cut]));
    expect(below.output?.map((o) => o.name)).toEqual([cut]);
    // onnxruntime prunes the rest at load; the graph itself still names the upper layers.
    expect(below.node?.some((n) => n.name?.startsWith('/encoder/layer.5/'))).toBe(true);
  });

  it('keeps only the layers above the cut, reading the cut tensor and the attention mask', () => {
    const full = graphOf(modelBytes);
    const above = graphOf(encoderAbove(modelBytes, cut));
    expect(above.input?.map((i) => i.name).sort()).toEqual([cut, 'attention_mask'].sort());
    expect(above.output?.map((o) => o.name)).toEqual(full.output?.map((o) => o.name));
    const layersOf = (graph: onnx.IGraphProto) =>
      new Set(graph.node?.map((n) => /^\/encoder\/layer\.(\d+)\//.exec(n.name ?? '')?.[1]).filter(Boolean));
    expect([...layersOf(above)].sort()).toEqual(['2', '3', '4', '5']);
    // Of layer 2 only what reads the cut tensor stays: the int8 export's quantisation of it.
    const fromLayer2 = above.node?.filter((n) => n.name?.startsWith('/encoder/layer.2/')) ?? [];
    expect(fromLayer2.map((n) => n.opType)).toEqual(['DynamicQuantizeLinear']);
    expect(fromLayer2[0].input).toEqual([cut]);
    expect(above.node?.some((n) => n.name?.startsWith('/embeddings/'))).toBe(false);
    // The weights of the dropped layers go too.
    expect(above.initializer?.length).toBeLessThan((full.initializer?.length ?? 0) * 0.7);
  });

  it('names a tensor no node produces', () => {
    expect(() => encoderAbove(modelBytes, 'missing')).toThrow(/no node produces "missing"/);
  });
});
