import { onnx } from 'onnx-proto';
import { intAttribute, node, tensor, valueInfo, type SparseRow } from '@riptide/nlp';
import { buildLinearClassifierOnnx, LINEAR_GRAPH_IO } from '../onnx/linear-classifier-graph';
import { predictProbabilities, softmaxInPlace, type LinearModel } from '../train/linear-model';
import { mlpProbabilities, type MlpHead } from '../train/mlp-head';

/**
 * The part of a mixed head that reads the dense input (the embedding, see dense-head-input.ts):
 * an MLP (sentiment, 47k tweets) or a linear layer (stance: 2.6k tweets, where per-target linear
 * weights on the embedding cross-validate above a shared MLP).
 */
export type DenseHead =
  { readonly kind: 'mlp'; readonly mlp: MlpHead } | { readonly kind: 'linear'; readonly linear: LinearModel };

/**
 * The accurate tier's head: a hashed n-gram linear model (the small models' features) and a dense
 * head on the sentence embedding, mixed as a weighted geometric mean of their probabilities:
 *   probs = softmax(w · log p_sparse + (1 - w) · log p_dense).
 * The two views err differently (n-grams see words, the embedding sees paraphrase), so the mix
 * cross-validates above either alone; the weight is chosen by cross-validation on train.
 */
export interface MixedHead {
  readonly sparse: LinearModel;
  readonly dense: DenseHead;
  readonly sparseWeight: number;
}

/** Class probabilities of the dense head for one dense input row. */
export function denseHeadProbabilities(head: DenseHead, row: ArrayLike<number>): Float64Array {
  if (head.kind === 'mlp') return mlpProbabilities(head.mlp, row);
  if (row.length !== head.linear.dimensions)
    throw new Error(`row: expected ${head.linear.dimensions} values, got ${row.length}`);
  return predictProbabilities(head.linear, denseAsSparse(row));
}

/** A dense row as a sparse one (every non-zero entry), the form the linear trainer takes. */
export function denseAsSparse(row: ArrayLike<number>): SparseRow {
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < row.length; i++) {
    if (row[i] === 0) continue;
    indices.push(i);
    values.push(row[i]);
  }
  return { indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

/** The mixed graph takes the sparse inputs of the linear graph plus the dense embedding. */
export const MIXED_GRAPH_IO = { ...LINEAR_GRAPH_IO, embedding: 'embedding' } as const;

/** Reference computation of the mixed graph for one text, in float64. */
export function mixedProbabilities(
  head: MixedHead,
  row: SparseRow,
  embedding: ArrayLike<number>,
): Float64Array {
  const sparse = predictProbabilities(head.sparse, row);
  const dense = denseHeadProbabilities(head.dense, embedding);
  const mixed = new Float64Array(sparse.length);
  for (let c = 0; c < mixed.length; c++)
    mixed[c] = head.sparseWeight * Math.log(sparse[c]) + (1 - head.sparseWeight) * Math.log(dense[c]);
  return softmaxInPlace(mixed);
}

/**
 * One ONNX graph for the mixed head: the linear graph (Gather/MatMul over float16 weights) up to
 * its logits, then LogSoftmax, beside MatMul-Add-Relu-MatMul-Add (MLP) or MatMul-Add (linear) and
 * LogSoftmax on `embedding` [batch, inputs], mixed and normalised by a final Softmax into `probs`.
 * The dense weights stay float32 (about 100 kB at most).
 */
export function buildMixedHeadOnnx(
  head: MixedHead,
  meta: { readonly name: string; readonly version: string },
): Uint8Array {
  const classes = head.sparse.classes;
  const denseClasses = head.dense.kind === 'mlp' ? head.dense.mlp.classes : head.dense.linear.classes;
  if (denseClasses !== classes)
    throw new Error(`dense.classes: ${denseClasses} differs from the sparse model's ${classes}`);
  if (!(head.sparseWeight >= 0 && head.sparseWeight <= 1))
    throw new Error(`sparseWeight: must be in [0, 1], got ${head.sparseWeight}`);
  const model = onnx.ModelProto.decode(buildLinearClassifierOnnx(head.sparse, meta));
  const graph = model.graph as onnx.GraphProto;
  // The linear graph ends Add(summed, bias) -> logits, Softmax(logits) -> probs: keep the logits.
  const softmax = graph.node.pop();
  if (softmax?.opType !== 'Softmax' || softmax.input?.[0] !== 'logits')
    throw new Error('linear graph: expected it to end with Softmax(logits)');
  const { FLOAT } = onnx.TensorProto.DataType;
  const floatTensor = (name: string, dims: number[], values: Float32Array) =>
    tensor(name, FLOAT, dims, values);
  const axisLast = intAttribute('axis', -1);
  const inputs = head.dense.kind === 'mlp' ? head.dense.mlp.inputs : head.dense.linear.dimensions;
  graph.input.push(valueInfo(MIXED_GRAPH_IO.embedding, FLOAT, ['batch', inputs]) as onnx.ValueInfoProto);
  graph.initializer.push(
    floatTensor('sparse_weight', [1], Float32Array.of(head.sparseWeight)),
    floatTensor('dense_weight', [1], Float32Array.of(1 - head.sparseWeight)),
  );
  graph.node.push(node('LogSoftmax', ['logits'], ['sparse_log_probs'], [axisLast]));
  if (head.dense.kind === 'mlp') {
    const { hidden, w1, b1, w2, b2 } = head.dense.mlp;
    graph.initializer.push(
      floatTensor('mlp_w1', [inputs, hidden], w1),
      floatTensor('mlp_b1', [hidden], b1),
      floatTensor('mlp_w2', [hidden, classes], w2),
      floatTensor('mlp_b2', [classes], b2),
    );
    graph.node.push(
      node('MatMul', [MIXED_GRAPH_IO.embedding, 'mlp_w1'], ['mlp_hidden_linear']),
      node('Add', ['mlp_hidden_linear', 'mlp_b1'], ['mlp_hidden_biased']),
      node('Relu', ['mlp_hidden_biased'], ['mlp_hidden']),
      node('MatMul', ['mlp_hidden', 'mlp_w2'], ['dense_logits_linear']),
      node('Add', ['dense_logits_linear', 'mlp_b2'], ['dense_logits']),
    );
  } else {
    graph.initializer.push(
      floatTensor('dense_w', [inputs, classes], head.dense.linear.weights),
      floatTensor('dense_b', [classes], head.dense.linear.bias),
    );
    graph.node.push(
      node('MatMul', [MIXED_GRAPH_IO.embedding, 'dense_w'], ['dense_logits_linear']),
      node('Add', ['dense_logits_linear', 'dense_b'], ['dense_logits']),
    );
  }
  graph.node.push(
    node('LogSoftmax', ['dense_logits'], ['dense_log_probs'], [axisLast]),
    node('Mul', ['sparse_log_probs', 'sparse_weight'], ['sparse_part']),
    node('Mul', ['dense_log_probs', 'dense_weight'], ['dense_part']),
    node('Add', ['sparse_part', 'dense_part'], ['mixed_log_probs']),
    node('Softmax', ['mixed_log_probs'], [MIXED_GRAPH_IO.probs], [axisLast]),
  );
  return onnx.ModelProto.encode(model).finish();
}
