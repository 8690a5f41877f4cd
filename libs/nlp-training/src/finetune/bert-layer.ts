import type { DifferentiableGraph, Value } from '../onnx/differentiable-graph';

/** Sizes of one BERT encoder layer (MiniLM and E5-small: 384 wide, 12 heads, 1536 feed-forward). */
export interface BertLayerShape {
  readonly hidden: number;
  readonly heads: number;
  readonly feedForward: number;
}

/** The parameters of one layer, in Hugging Face's order, with their shapes. Weights are [in, out]. */
export function bertLayerParameters(shape: BertLayerShape): { name: string; dims: number[] }[] {
  const { hidden: h, feedForward: f } = shape;
  return [
    { name: 'query.weight', dims: [h, h] },
    { name: 'query.bias', dims: [h] },
    { name: 'key.weight', dims: [h, h] },
    { name: 'key.bias', dims: [h] },
    { name: 'value.weight', dims: [h, h] },
    { name: 'value.bias', dims: [h] },
    { name: 'attention_output.weight', dims: [h, h] },
    { name: 'attention_output.bias', dims: [h] },
    { name: 'attention_norm.weight', dims: [h] },
    { name: 'attention_norm.bias', dims: [h] },
    { name: 'intermediate.weight', dims: [h, f] },
    { name: 'intermediate.bias', dims: [f] },
    { name: 'output.weight', dims: [f, h] },
    { name: 'output.bias', dims: [h] },
    { name: 'output_norm.weight', dims: [h] },
    { name: 'output_norm.bias', dims: [h] },
  ];
}

/** input · the weight matrix named `weight`: a float32 MatMul, or an int8 one when serving quantised. */
export type Projection = (input: Value, weight: string) => Value;

/** BERT's LayerNorm epsilon (1e-12 in every Hugging Face BERT config). */
const LAYER_NORM_EPSILON = 1e-12;

/**
 * One post-LayerNorm BERT layer over token states x [batch, sequence, hidden]: multi-head
 * self-attention (padding masked by `maskBias`, [batch, 1, 1, sequence], 0 for tokens and a large
 * negative number for padding), residual and LayerNorm, then the GELU feed-forward block, residual
 * and LayerNorm. Exactly the computation of the Hugging Face export, in float32 unless `project`
 * multiplies by the weight matrices otherwise.
 */
export function bertLayer(
  graph: DifferentiableGraph,
  x: Value,
  maskBias: Value,
  parameter: (name: string) => Value,
  shape: BertLayerShape,
  project: Projection = (input, weight) => graph.matMul(input, parameter(weight)),
): Value {
  const { hidden, heads } = shape;
  const headWidth = hidden / heads;
  const dense = (input: Value, prefix: string) =>
    graph.add(project(input, `${prefix}.weight`), parameter(`${prefix}.bias`));
  // [batch, sequence, hidden] -> [batch, heads, sequence, headWidth]
  const splitHeads = (t: Value) =>
    graph.transpose(
      graph.reshape(t, [0, 0, heads, headWidth], ['batch', 'sequence', heads, headWidth]),
      [0, 2, 1, 3],
    );
  const query = splitHeads(dense(x, 'query'));
  const keyT = graph.transpose(
    graph.reshape(dense(x, 'key'), [0, 0, heads, headWidth], ['batch', 'sequence', heads, headWidth]),
    [0, 2, 3, 1],
  );
  const value = splitHeads(dense(x, 'value'));
  const scores = graph.add(
    graph.mul(graph.matMul(query, keyT), graph.scalar(1 / Math.sqrt(headWidth))),
    maskBias,
  );
  const context = graph.matMul(graph.softmax(scores), value);
  const merged = graph.reshape(
    graph.transpose(context, [0, 2, 1, 3]),
    [0, 0, hidden],
    ['batch', 'sequence', hidden],
  );
  const attended = layerNorm(
    graph,
    graph.add(dense(merged, 'attention_output'), x),
    parameter,
    'attention_norm',
  );
  const inner = dense(attended, 'intermediate');
  // GELU as BERT computes it: x/2 (1 + erf(x / sqrt 2)).
  const activated = graph.mul(
    graph.mul(inner, graph.scalar(0.5)),
    graph.add(graph.erf(graph.mul(inner, graph.scalar(Math.SQRT1_2))), graph.scalar(1)),
  );
  return layerNorm(graph, graph.add(dense(activated, 'output'), attended), parameter, 'output_norm');
}

function layerNorm(
  graph: DifferentiableGraph,
  x: Value,
  parameter: (name: string) => Value,
  prefix: string,
): Value {
  const centred = graph.sub(x, graph.meanLast(x));
  const deviation = graph.sqrt(
    graph.add(graph.meanLast(graph.mul(centred, centred)), graph.scalar(LAYER_NORM_EPSILON)),
  );
  return graph.add(
    graph.mul(graph.div(centred, deviation), parameter(`${prefix}.weight`)),
    parameter(`${prefix}.bias`),
  );
}
