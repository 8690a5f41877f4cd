import { onnx } from 'onnx-proto';
import { bertLayerParameters, type BertLayerShape } from './bert-layer';

/** Where each of our parameter names lives in a Hugging Face BERT export, under `encoder.layer.N.`. */
const HF_PATHS: Record<string, string> = {
  query: 'attention.self.query',
  key: 'attention.self.key',
  value: 'attention.self.value',
  attention_output: 'attention.output.dense',
  attention_norm: 'attention.output.LayerNorm',
  intermediate: 'intermediate.dense',
  output: 'output.dense',
  output_norm: 'output.LayerNorm',
};

/**
 * The float32 weights of encoder layer `layer` (0-based) read from a Hugging Face BERT ONNX export,
 * by bertLayerParameters' names. Dynamically quantised exports (MatMulInteger with int8 or uint8
 * weights and per-column scales and zero points, as the langchain4j jars ship) are dequantised:
 * w = (q - zeroPoint) * scale. Fine-tuning starts from these values.
 */
export function readBertLayerWeights(
  modelBytes: Uint8Array,
  layer: number,
  shape: BertLayerShape,
): Map<string, Float32Array> {
  const graph = onnx.ModelProto.decode(modelBytes).graph;
  if (!graph) throw new Error('encoder: the ONNX file has no graph');
  const initializers = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const nodes = graph.node ?? [];
  const weights = new Map<string, Float32Array>();
  for (const { name, dims } of bertLayerParameters(shape)) {
    const [module, kind] = name.split('.');
    const hfPrefix = `encoder.layer.${layer}.${HF_PATHS[module]}`;
    let values: Float32Array;
    if (kind === 'weight' && !module.endsWith('_norm')) {
      const matMulPath = `/encoder/layer.${layer}/${HF_PATHS[module].replaceAll('.', '/')}/MatMul`;
      values = matMulWeight(nodes, initializers, matMulPath);
    } else {
      values = floatValues(required(initializers, `${hfPrefix}.${kind}`));
    }
    const expected = dims.reduce((a, b) => a * b, 1);
    if (values.length !== expected)
      throw new Error(`encoder layer ${layer}: ${name}: expected ${expected} values, found ${values.length}`);
    weights.set(name, values);
  }
  return weights;
}

function matMulWeight(
  nodes: readonly onnx.INodeProto[],
  initializers: Map<string, onnx.ITensorProto>,
  path: string,
): Float32Array {
  const quantised = nodes.find((n) => n.name === `${path}_quant` && n.opType === 'MatMulInteger');
  if (quantised) {
    const [, weightName, , zeroPointName] = quantised.input ?? [];
    const weight = required(initializers, weightName);
    const scale = floatValues(required(initializers, weightName.replace(/_quantized$/, '_scale')));
    const zeroPoint = integerValues(required(initializers, zeroPointName));
    const q = integerValues(weight);
    const columns = Number(weight.dims?.[1]);
    const out = new Float32Array(q.length);
    // Scales and zero points are per output column (one per entry) or per tensor (a single entry).
    for (let i = 0; i < q.length; i++) {
      const c = i % columns;
      out[i] = (q[i] - zeroPoint[zeroPoint.length === 1 ? 0 : c]) * scale[scale.length === 1 ? 0 : c];
    }
    return out;
  }
  const plain = nodes.find((n) => n.name === path && n.opType === 'MatMul');
  if (!plain) throw new Error(`encoder: no MatMul or MatMulInteger node named ${path}`);
  return floatValues(required(initializers, plain.input?.[1] ?? ''));
}

function required(initializers: Map<string, onnx.ITensorProto>, name: string): onnx.ITensorProto {
  const t = initializers.get(name);
  if (!t) throw new Error(`encoder: initializer ${name} not found`);
  return t;
}

function floatValues(t: onnx.ITensorProto): Float32Array {
  if (t.dataType !== onnx.TensorProto.DataType.FLOAT) throw new Error(`encoder: ${t.name} is not float32`);
  if (t.rawData && t.rawData.length > 0) {
    const copy = Uint8Array.from(t.rawData);
    return new Float32Array(copy.buffer);
  }
  return Float32Array.from(t.floatData ?? []);
}

function integerValues(t: onnx.ITensorProto): Int16Array {
  const raw = t.rawData ?? new Uint8Array();
  // Small tensors may keep their integers in int32Data instead of raw bytes.
  if (raw.length === 0) return Int16Array.from(t.int32Data ?? []);
  if (t.dataType === onnx.TensorProto.DataType.INT8)
    return Int16Array.from(new Int8Array(Uint8Array.from(raw).buffer));
  if (t.dataType === onnx.TensorProto.DataType.UINT8) return Int16Array.from(raw);
  throw new Error(`encoder: ${t.name}: expected int8 or uint8 quantised values, got data type ${t.dataType}`);
}
