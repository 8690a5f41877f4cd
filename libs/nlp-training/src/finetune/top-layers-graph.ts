import { DifferentiableGraph, type Value } from '../onnx/differentiable-graph';
import { TOP_LAYERS_IO } from '@riptide/nlp';
import { bertLayer, bertLayerParameters, type BertLayerShape, type Projection } from './bert-layer';

/** The top of an encoder re-trained for one task: its last `layers` layers, a mean pool and a linear classifier. */
export interface TopLayersSpec {
  readonly shape: BertLayerShape;
  readonly layers: number;
  readonly classes: number;
}

/** Every trainable tensor, in a fixed order: `layer<i>.<name>` for each layer, then the classifier. */
export function topLayerParameters(spec: TopLayersSpec): { name: string; dims: number[] }[] {
  const perLayer = bertLayerParameters(spec.shape);
  return [
    ...Array.from({ length: spec.layers }, (_, i) =>
      perLayer.map((p) => ({ name: `layer${i}.${p.name}`, dims: p.dims })),
    ).flat(),
    { name: 'classifier.weight', dims: [spec.shape.hidden, spec.classes] },
    { name: 'classifier.bias', dims: [spec.classes] },
  ];
}

/**
 * The forward pass: layers, the mean pool over real tokens and (unless `serving`) the classifier's
 * logits. `parameter` supplies each tensor (graph inputs when training, stored constants when
 * serving); when serving, `project` multiplies by the weight matrices.
 */
function forward(
  graph: DifferentiableGraph,
  spec: TopLayersSpec,
  parameter: (name: string) => Value,
  serving?: { readonly project: Projection },
): { pooled: Value; logits?: Value } {
  let states = graph.input(TOP_LAYERS_IO.states, ['batch', 'sequence', spec.shape.hidden]);
  const maskBias = graph.input(TOP_LAYERS_IO.maskBias, ['batch', 1, 1, 'sequence']);
  const poolWeights = graph.input(TOP_LAYERS_IO.poolWeights, ['batch', 'sequence', 1]);
  for (let i = 0; i < spec.layers; i++)
    states = bertLayer(
      graph,
      states,
      maskBias,
      (name) => parameter(`layer${i}.${name}`),
      spec.shape,
      serving && ((input, weight) => serving.project(input, `layer${i}.${weight}`)),
    );
  const pooled = graph.reduceSum(graph.mul(states, poolWeights), [1], false);
  if (serving) return { pooled };
  const logits = graph.add(
    graph.matMul(pooled, parameter('classifier.weight')),
    parameter('classifier.bias'),
  );
  return { pooled, logits };
}

/**
 * One training step as a graph: inputs are a batch and every parameter; outputs are the logits
 * and the gradient of the weighted cross-entropy Σ rowWeight · CE with respect to each parameter,
 * in topLayerParameters' order (`grad.<name>`).
 */
export function buildTopLayersTrainingGraph(spec: TopLayersSpec): Uint8Array {
  const graph = new DifferentiableGraph();
  const parameters = new Map(
    topLayerParameters(spec).map((p) => [p.name, graph.input(p.name, p.dims, true)] as const),
  );
  const logits = forward(graph, spec, (name) => parameters.get(name) as Value).logits as Value;
  const weightedTargets = graph.input(TOP_LAYERS_IO.weightedTargets, ['batch', spec.classes]);
  const rowWeights = graph.input(TOP_LAYERS_IO.rowWeights, ['batch', 1]);
  // d CE / d logits = softmax(logits) - onehot, scaled per row by its weight.
  const seed = graph.sub(graph.mul(graph.softmax(logits), rowWeights), weightedTargets);
  const wrt = [...parameters.values()];
  const gradients = graph.gradients(logits, seed, wrt);
  const outputs = [
    graph.named(logits, TOP_LAYERS_IO.logits),
    ...gradients.map((g, i) => graph.named(g, `grad.${wrt[i].name}`)),
  ];
  return graph.build(outputs, { name: 'top-layers-training', version: '1' });
}

/**
 * The graph that scores held-out rows between training epochs: the forward pass with every
 * parameter a graph input, giving the pooled vector and the logits.
 */
export function buildTopLayersScoringGraph(spec: TopLayersSpec): Uint8Array {
  const graph = new DifferentiableGraph();
  const { pooled, logits } = forward(graph, spec, (name) => graph.input(name, parameterDims(spec, name)));
  return graph.build(
    [graph.named(pooled, TOP_LAYERS_IO.pooled), graph.named(logits as Value, TOP_LAYERS_IO.logits)],
    {
      name: 'top-layers-scoring',
      version: '1',
    },
  );
}

/**
 * The served graph: the re-trained layers and the mean pool with their weights stored in it, giving
 * the pooled vector. Weight matrices are int8, multiplied in integers as the encoder's own layers are
 * (a 4-layer E5 top is 7 MB); biases and LayerNorms stay float32. The classifier is not here: it is
 * the dense part of the head's mixed graph, which reads this vector.
 */
export function buildTopLayersServingGraph(
  spec: TopLayersSpec,
  weights: ReadonlyMap<string, Float32Array>,
  meta: { readonly name: string; readonly version: string },
): Uint8Array {
  const graph = new DifferentiableGraph();
  const values = (name: string) => {
    const found = weights.get(name);
    if (!found) throw new Error(`weights: ${name} is missing`);
    return found;
  };
  const parameter = (name: string) => graph.constant(name, parameterDims(spec, name), values(name));
  const project: Projection = (input, name) => {
    const [rows, columns] = parameterDims(spec, name);
    return graph.quantisedMatMul(input, name, [rows, columns], values(name));
  };
  const { pooled } = forward(graph, spec, parameter, { project });
  return graph.build([graph.named(pooled, TOP_LAYERS_IO.pooled)], meta);
}

function parameterDims(spec: TopLayersSpec, name: string): number[] {
  const parameter = topLayerParameters(spec).find((p) => p.name === name);
  if (!parameter) throw new Error(`parameter: ${name} is not one of the top layers'`);
  return parameter.dims;
}
