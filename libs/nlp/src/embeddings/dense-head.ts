import { onnx } from 'onnx-proto';
import { fromFloat16Bits, toFloat16Bits } from '../onnx/float16';

/** One fully connected layer: outputs = inputs · weights + bias, weights row-major [inputs][outputs]. */
export interface DenseLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

/**
 * A classifier over sentence embeddings: dense layers with ReLU between them and softmax at the end.
 * One layer is a logistic regression; two make an MLP. Heads are small (tens to hundreds of KB), so
 * they are trained by the project and committed, while the encoder under them is fetched.
 */
export interface DenseHead {
  readonly layers: readonly DenseLayer[];
}

export const DENSE_HEAD_IO = { input: 'embedding', output: 'probs' } as const;

/** The head with its weights rounded to half precision, as the exported graph stores them. */
export function roundHeadToFloat16(head: DenseHead): DenseHead {
  return { layers: head.layers.map((layer) => ({ ...layer, weights: layer.weights.map((w) => fromFloat16Bits(toFloat16Bits(w))) })) };
}

/** Class probabilities of one input: the reference computation the ONNX graph must reproduce. */
export function denseHeadProbabilities(head: DenseHead, input: ArrayLike<number>): Float64Array {
  let values: ArrayLike<number> = input;
  head.layers.forEach((layer, index) => {
    if (values.length !== layer.inputs) throw new Error(`layer ${index}: expected ${layer.inputs} inputs, got ${values.length}`);
    const out = Float64Array.from(layer.bias);
    for (let i = 0; i < layer.inputs; i++) {
      const value = values[i];
      if (value === 0) continue;
      for (let o = 0; o < layer.outputs; o++) out[o] += value * layer.weights[i * layer.outputs + o];
    }
    if (index < head.layers.length - 1) for (let o = 0; o < out.length; o++) out[o] = Math.max(0, out[o]);
    values = out;
  });
  const logits = Float64Array.from(values);
  const max = Math.max(...logits);
  let sum = 0;
  for (let c = 0; c < logits.length; c++) sum += logits[c] = Math.exp(logits[c] - max);
  for (let c = 0; c < logits.length; c++) logits[c] /= sum;
  return logits;
}

/**
 * ONNX graph of a dense head: embedding float [B, inputs] -> (MatMul, Add, Relu)* -> MatMul, Add ->
 * Softmax -> probs [B, classes]. Weights are stored as float16 and cast at load, halving the files.
 */
export function buildDenseHeadOnnx(head: DenseHead, meta: { readonly name: string; readonly version: string }): Uint8Array {
  const { FLOAT, FLOAT16 } = onnx.TensorProto.DataType;
  if (head.layers.length === 0) throw new Error('head: expected at least one layer');
  const first = head.layers[0];
  const last = head.layers[head.layers.length - 1];
  const valueInfo = (name: string, width: number): onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } },
  });
  const raw = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const initializer: onnx.ITensorProto[] = [];
  const node: onnx.INodeProto[] = [];
  let current: string = DENSE_HEAD_IO.input;
  head.layers.forEach((layer, index) => {
    const bits = Uint16Array.from(layer.weights, toFloat16Bits);
    initializer.push(
      { name: `w${index}_f16`, dataType: FLOAT16, dims: [layer.inputs, layer.outputs], rawData: raw(bits) },
      { name: `b${index}`, dataType: FLOAT, dims: [layer.outputs], rawData: raw(layer.bias) },
    );
    node.push(
      { opType: 'Cast', input: [`w${index}_f16`], output: [`w${index}`], name: `cast${index}`, attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }] },
      { opType: 'MatMul', input: [current, `w${index}`], output: [`mm${index}`], name: `matmul${index}` },
      { opType: 'Add', input: [`mm${index}`, `b${index}`], output: [`z${index}`], name: `add${index}` },
    );
    current = `z${index}`;
    if (index < head.layers.length - 1) {
      node.push({ opType: 'Relu', input: [current], output: [`a${index}`], name: `relu${index}` });
      current = `a${index}`;
    }
  });
  node.push({ opType: 'Softmax', input: [current], output: [DENSE_HEAD_IO.output], name: 'softmax', attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }] });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'riptide-nlp',
    producerVersion: meta.version,
    opsetImport: [{ domain: '', version: 13 }],
    graph: { name: meta.name, input: [valueInfo(DENSE_HEAD_IO.input, first.inputs)], output: [valueInfo(DENSE_HEAD_IO.output, last.outputs)], initializer, node },
  });
  return onnx.ModelProto.encode(model).finish();
}
