import { onnx } from 'onnx-proto';
import type { LinearModel } from '../train/linear-model';
import { fromFloat16Bits, toFloat16Bits } from './float16';
import { intAttribute, node, tensor, valueInfo } from '@riptide/nlp';

/** Names of the graph's inputs and output, also written into the manifest's input spec. */
export const LINEAR_GRAPH_IO = { indices: 'indices', values: 'values', probs: 'probs' } as const;

const OPSET = 13;

/** The model with its weights rounded to half precision: what the exported graph computes with. */
export function roundWeightsToFloat16(model: LinearModel): LinearModel {
  return { ...model, weights: model.weights.map((w) => fromFloat16Bits(toFloat16Bits(w))) };
}

/**
 * The ONNX graph of a hashed linear classifier:
 *   indices int64 [B, L], values float [B, L]
 *   -> Gather(W [D, C], indices) -> values [B, 1, L] MatMul [B, L, C] -> + bias -> Softmax -> probs [B, C]
 * W is stored as float16 and cast once (onnxruntime folds the Cast at load), the bias as float.
 * Padding entries use index 0 with value 0, so they add nothing.
 */
export function buildLinearClassifierOnnx(
  model: LinearModel,
  meta: { readonly name: string; readonly version: string },
): Uint8Array {
  const { dimensions, classes } = model;
  const weightBits = new Uint16Array(model.weights.length);
  for (let i = 0; i < weightBits.length; i++) weightBits[i] = toFloat16Bits(model.weights[i]);
  const { FLOAT, FLOAT16, INT64 } = onnx.TensorProto.DataType;

  const graph: onnx.IGraphProto = {
    name: meta.name,
    input: [
      valueInfo(LINEAR_GRAPH_IO.indices, INT64, ['batch', 'features']),
      valueInfo(LINEAR_GRAPH_IO.values, FLOAT, ['batch', 'features']),
    ],
    output: [valueInfo(LINEAR_GRAPH_IO.probs, FLOAT, ['batch', classes])],
    initializer: [
      tensor('weights_f16', FLOAT16, [dimensions, classes], weightBits),
      tensor('bias', FLOAT, [classes], model.bias),
      tensor('axis_middle', INT64, [1], new BigInt64Array([1n])),
    ],
    node: [
      node('Cast', ['weights_f16'], ['weights'], [intAttribute('to', FLOAT)]),
      node('Gather', ['weights', LINEAR_GRAPH_IO.indices], ['gathered'], [intAttribute('axis', 0)]),
      // values [B, 1, L] @ gathered [B, L, C] -> [B, 1, C]: one small GEMM per row, about twice as
      // fast on onnxruntime as Mul then ReduceSum, which materialise [B, L, C] twice.
      node('Unsqueeze', [LINEAR_GRAPH_IO.values, 'axis_middle'], ['values_3d']),
      node('MatMul', ['values_3d', 'gathered'], ['summed_3d']),
      node('Squeeze', ['summed_3d', 'axis_middle'], ['summed']),
      node('Add', ['summed', 'bias'], ['logits']),
      node('Softmax', ['logits'], [LINEAR_GRAPH_IO.probs], [intAttribute('axis', -1)]),
    ],
  };
  const modelProto = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'riptide-nlp',
    producerVersion: meta.version,
    opsetImport: [{ domain: '', version: OPSET }],
    graph,
  });
  return onnx.ModelProto.encode(modelProto).finish();
}
