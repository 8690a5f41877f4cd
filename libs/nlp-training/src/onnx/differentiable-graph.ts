import { onnx } from 'onnx-proto';
import { intAttribute as intAttr, node, tensor, valueInfo } from '@riptide/nlp';

/** A dimension: a number when fixed, a name when it varies per run (`batch`, `sequence`). */
export type Dim = number | string;

/** A tensor of the graph being built: its name in the graph, its shape, and whether gradients flow to it. */
export interface Value {
  readonly name: string;
  readonly shape: readonly Dim[];
  readonly differentiable: boolean;
}

/** One recorded operation: given the gradient of its output, add the gradients of its inputs. */
interface TapeEntry {
  readonly output: Value;
  readonly backward: (gradient: Value) => void;
}

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const INT8 = onnx.TensorProto.DataType.INT8;

/**
 * Builds a float32 ONNX graph from tensor operations and, on request, the graph of its gradients
 * (reverse-mode differentiation written out as ONNX nodes). onnxruntime-node only runs inference,
 * so this is how the project trains networks on it: one graph computes the forward pass, the loss
 * gradient and every parameter's gradient in one run, and the same forward code, built without
 * `gradients`, is the graph that serves the trained model. Only the operations our models use are
 * here; each one's backward rule sits next to its forward one.
 */
export class DifferentiableGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly tape: TapeEntry[] = [];
  private readonly gradientOf = new Map<string, Value>();
  private counter = 0;

  /** A graph input; `differentiable` inputs are the parameters gradients are computed for. */
  input(name: string, shape: readonly Dim[], differentiable = false): Value {
    this.inputs.push(valueInfo(name, FLOAT, [...shape]));
    return { name, shape, differentiable };
  }

  /** A float32 constant stored in the graph (a trained weight when serving, or a fixed number). */
  constant(name: string, dims: readonly number[], values: Float32Array): Value {
    this.initializers.push(tensor(name, FLOAT, [...dims], values));
    return { name, shape: dims, differentiable: false };
  }

  /**
   * x · W with W stored as int8 (symmetric, one scale per output column) and x quantised to uint8
   * per run (DynamicQuantizeLinear), multiplied in integers (MatMulInteger) and scaled back: the
   * scheme of the int8 encoder exports, a quarter of float32's bytes and faster on the CPU. Serving
   * only: no gradient flows through it.
   */
  quantisedMatMul(x: Value, name: string, dims: readonly [number, number], weights: Float32Array): Value {
    const [rows, columns] = dims;
    const scales = new Float32Array(columns);
    for (let c = 0; c < columns; c++) {
      let largest = 0;
      for (let r = 0; r < rows; r++) largest = Math.max(largest, Math.abs(weights[r * columns + c]));
      scales[c] = largest > 0 ? largest / 127 : 1;
    }
    const quantised = Int8Array.from(weights, (w, i) =>
      Math.max(-127, Math.min(127, Math.round(w / scales[i % columns]))),
    );
    this.initializers.push(
      tensor(`${name}.int8`, INT8, [rows, columns], quantised),
      tensor(`${name}.zero_point`, INT8, [], Int8Array.of(0)),
      tensor(`${name}.scale`, FLOAT, [columns], scales),
    );
    const shape = [...x.shape.slice(0, -1), columns];
    const stem = this.fresh('quantised');
    this.nodes.push(
      node('DynamicQuantizeLinear', [x.name], [`${stem}.x`, `${stem}.x_scale`, `${stem}.x_zero_point`]),
      node(
        'MatMulInteger',
        [`${stem}.x`, `${name}.int8`, `${stem}.x_zero_point`, `${name}.zero_point`],
        [`${stem}.int32`],
      ),
      node('Cast', [`${stem}.int32`], [`${stem}.float`], [intAttr('to', FLOAT)]),
      node('Mul', [`${stem}.x_scale`, `${name}.scale`], [`${stem}.scale`]),
      node('Mul', [`${stem}.float`, `${stem}.scale`], [stem]),
    );
    return { name: stem, shape, differentiable: false };
  }

  scalar(value: number): Value {
    return this.constant(this.fresh('scalar'), [], Float32Array.of(value));
  }

  matMul(a: Value, b: Value): Value {
    const shape = [...a.shape.slice(0, -1), b.shape[b.shape.length - 1]];
    const out = this.emit('MatMul', [a, b], shape);
    this.record(out, [a, b], (g) => {
      if (b.shape.length === 2 && a.shape.length > 2) {
        // A weight shared by every row: dB = A^T dY over all leading axes, flattened.
        const k = b.shape[0];
        const n = b.shape[1];
        if (a.differentiable) this.accumulate(a, this.emit('MatMul', [g, this.transposeLast(b)], a.shape));
        if (b.differentiable) {
          const flatA = this.reshapeTo(a, [-1, k as number], ['rows', k]);
          const flatG = this.reshapeTo(g, [-1, n as number], ['rows', n]);
          this.accumulate(b, this.emit('MatMul', [this.transposeLast(flatA), flatG], b.shape));
        }
        return;
      }
      if (a.shape.length !== b.shape.length) throw new Error('matMul: batched operands must have equal rank');
      if (a.differentiable) this.accumulate(a, this.emit('MatMul', [g, this.transposeLast(b)], a.shape));
      if (b.differentiable) this.accumulate(b, this.emit('MatMul', [this.transposeLast(a), g], b.shape));
    });
    return out;
  }

  add(a: Value, b: Value): Value {
    const out = this.emit('Add', [a, b], broadcastShape(a.shape, b.shape));
    this.record(out, [a, b], (g) => {
      if (a.differentiable) this.accumulate(a, this.unbroadcast(g, a.shape));
      if (b.differentiable) this.accumulate(b, this.unbroadcast(g, b.shape));
    });
    return out;
  }

  sub(a: Value, b: Value): Value {
    const out = this.emit('Sub', [a, b], broadcastShape(a.shape, b.shape));
    this.record(out, [a, b], (g) => {
      if (a.differentiable) this.accumulate(a, this.unbroadcast(g, a.shape));
      if (b.differentiable) this.accumulate(b, this.unbroadcast(this.emit('Neg', [g], g.shape), b.shape));
    });
    return out;
  }

  mul(a: Value, b: Value): Value {
    const out = this.emit('Mul', [a, b], broadcastShape(a.shape, b.shape));
    this.record(out, [a, b], (g) => {
      if (a.differentiable) this.accumulate(a, this.unbroadcast(this.emit('Mul', [g, b], g.shape), a.shape));
      if (b.differentiable) this.accumulate(b, this.unbroadcast(this.emit('Mul', [g, a], g.shape), b.shape));
    });
    return out;
  }

  /** a / b, elementwise with broadcasting. */
  div(a: Value, b: Value): Value {
    const out = this.emit('Div', [a, b], broadcastShape(a.shape, b.shape));
    this.record(out, [a, b], (g) => {
      if (a.differentiable) this.accumulate(a, this.unbroadcast(this.emit('Div', [g, b], g.shape), a.shape));
      if (b.differentiable) {
        // d(a/b)/db = -(a/b)/b
        const term = this.emit('Div', [this.emit('Mul', [g, out], g.shape), b], g.shape);
        this.accumulate(b, this.unbroadcast(this.emit('Neg', [term], g.shape), b.shape));
      }
    });
    return out;
  }

  sqrt(x: Value): Value {
    const out = this.emit('Sqrt', [x], x.shape);
    this.record(out, [x], (g) =>
      this.accumulate(x, this.emit('Div', [g, this.emit('Mul', [out, this.scalar(2)], x.shape)], x.shape)),
    );
    return out;
  }

  erf(x: Value): Value {
    const out = this.emit('Erf', [x], x.shape);
    this.record(out, [x], (g) => {
      // d erf(x)/dx = 2/sqrt(pi) exp(-x^2)
      const square = this.emit('Mul', [x, x], x.shape);
      const bell = this.emit('Exp', [this.emit('Neg', [square], x.shape)], x.shape);
      const slope = this.emit('Mul', [bell, this.scalar(2 / Math.sqrt(Math.PI))], x.shape);
      this.accumulate(x, this.emit('Mul', [g, slope], x.shape));
    });
    return out;
  }

  /** Softmax over the last axis. */
  softmax(x: Value): Value {
    const out = this.emit('Softmax', [x], x.shape, [intAttr('axis', -1)]);
    this.record(out, [x], (g) => {
      const dot = this.reduceSumRaw(this.emit('Mul', [g, out], x.shape), [x.shape.length - 1], true);
      this.accumulate(x, this.emit('Mul', [out, this.emit('Sub', [g, dot], x.shape)], x.shape));
    });
    return out;
  }

  /** Mean over the last axis, kept as a dimension of 1 (as LayerNorm needs it). */
  meanLast(x: Value): Value {
    const last = x.shape[x.shape.length - 1];
    if (typeof last !== 'number') throw new Error('meanLast: the last axis must have a fixed size');
    const shape = [...x.shape.slice(0, -1), 1];
    const out = this.emit('ReduceMean', [x], shape, [intsAttr('axes', [-1]), intAttr('keepdims', 1)]);
    this.record(out, [x], (g) =>
      this.accumulate(x, this.expandLike(this.emit('Mul', [g, this.scalar(1 / last)], shape), x)),
    );
    return out;
  }

  /** Sum over `axes`, dropping them unless `keepDims`. */
  reduceSum(x: Value, axes: readonly number[], keepDims: boolean): Value {
    const out = this.reduceSumRaw(x, axes, keepDims);
    this.record(out, [x], (g) => {
      const kept = keepDims ? g : this.unsqueeze(g, axes, keptShape(x.shape, axes));
      this.accumulate(x, this.expandLike(kept, x));
    });
    return out;
  }

  /** Reshape to `target` (ONNX Reshape: 0 copies the input's dimension, -1 is inferred), giving its `shape`. */
  reshape(x: Value, target: readonly number[], shape: readonly Dim[]): Value {
    const out = this.reshapeTo(x, target, shape);
    this.record(out, [x], (g) => this.accumulate(x, this.emit('Reshape', [g, this.shapeOf(x)], x.shape)));
    return out;
  }

  transpose(x: Value, perm: readonly number[]): Value {
    const out = this.emit(
      'Transpose',
      [x],
      perm.map((axis) => x.shape[axis]),
      [intsAttr('perm', perm)],
    );
    const inverse = perm.map((_, axis) => perm.indexOf(axis));
    this.record(out, [x], (g) =>
      this.accumulate(x, this.emit('Transpose', [g], x.shape, [intsAttr('perm', inverse)])),
    );
    return out;
  }

  /** Identity in the graph, under a chosen name (for graph outputs). */
  named(x: Value, name: string): Value {
    this.nodes.push(node('Identity', [x.name], [name]));
    const out = { name, shape: x.shape, differentiable: x.differentiable };
    this.record(out, [x], (g) => this.accumulate(x, g));
    return out;
  }

  /**
   * Appends the backward pass from `root`, whose gradient is `seed` (for a loss, the gradient of the
   * loss with respect to the logits), and returns the gradient of each of `wrt`.
   */
  gradients(root: Value, seed: Value, wrt: readonly Value[]): Value[] {
    this.gradientOf.set(root.name, seed);
    for (let i = this.tape.length - 1; i >= 0; i--) {
      const entry = this.tape[i];
      const gradient = this.gradientOf.get(entry.output.name);
      if (gradient) entry.backward(gradient);
    }
    return wrt.map((value) => {
      const gradient = this.gradientOf.get(value.name);
      if (!gradient) throw new Error(`gradients: ${value.name} does not affect ${root.name}`);
      return gradient;
    });
  }

  /** The ONNX model (opset 17) with these graph outputs. */
  build(outputs: readonly Value[], meta: { name: string; version: string }): Uint8Array {
    const model: onnx.IModelProto = {
      irVersion: 8,
      producerName: 'riptide',
      modelVersion: 1,
      docString: `${meta.name} ${meta.version}`,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: meta.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: outputs.map((o) => valueInfo(o.name, FLOAT, [...o.shape])),
      },
    };
    return onnx.ModelProto.encode(model).finish();
  }

  // --- plumbing -----------------------------------------------------------------------------

  private fresh(stem: string): string {
    return `${stem}_${this.counter++}`;
  }

  private emit(
    opType: string,
    inputs: readonly Value[],
    shape: readonly Dim[],
    attributes: onnx.IAttributeProto[] = [],
  ): Value {
    const name = this.fresh(opType.toLowerCase());
    this.nodes.push(
      node(
        opType,
        inputs.map((v) => v.name),
        [name],
        attributes,
      ),
    );
    return { name, shape, differentiable: inputs.some((v) => v.differentiable) };
  }

  private record(output: Value, inputs: readonly Value[], backward: (gradient: Value) => void): void {
    if (inputs.some((v) => v.differentiable)) this.tape.push({ output, backward });
  }

  private accumulate(target: Value, gradient: Value): void {
    if (!target.differentiable) return;
    const previous = this.gradientOf.get(target.name);
    this.gradientOf.set(
      target.name,
      previous ? this.emit('Add', [previous, gradient], target.shape) : gradient,
    );
  }

  private int64s(values: readonly number[]): Value {
    const name = this.fresh('ints');
    this.initializers.push(tensor(name, INT64, [values.length], BigInt64Array.from(values, BigInt)));
    return { name, shape: [values.length], differentiable: false };
  }

  private shapeOf(x: Value): Value {
    return this.emit('Shape', [x], [x.shape.length]);
  }

  private expandLike(g: Value, like: Value): Value {
    return this.emit('Expand', [g, this.shapeOf(like)], like.shape);
  }

  private reshapeTo(x: Value, target: readonly number[], shape: readonly Dim[]): Value {
    return this.emit('Reshape', [x, this.int64s(target)], shape);
  }

  private transposeLast(x: Value): Value {
    const perm = x.shape.map((_, axis) => axis);
    const r = perm.length;
    [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
    return this.emit(
      'Transpose',
      [x],
      perm.map((axis) => x.shape[axis]),
      [intsAttr('perm', perm)],
    );
  }

  private reduceSumRaw(x: Value, axes: readonly number[], keepDims: boolean): Value {
    const shape = keepDims ? keptShape(x.shape, axes) : x.shape.filter((_, axis) => !axes.includes(axis));
    return this.emit('ReduceSum', [x, this.int64s(axes)], shape, [intAttr('keepdims', keepDims ? 1 : 0)]);
  }

  private unsqueeze(x: Value, axes: readonly number[], shape: readonly Dim[]): Value {
    return this.emit('Unsqueeze', [x, this.int64s(axes)], shape);
  }

  /** Sums a gradient over the axes along which `shape` was broadcast to produce it. */
  private unbroadcast(g: Value, shape: readonly Dim[]): Value {
    const extra = g.shape.length - shape.length;
    let out = extra > 0 ? this.reduceSumRaw(g, range(extra), false) : g;
    const stretched = shape.flatMap((dim, axis) => (dim === 1 && out.shape[axis] !== 1 ? [axis] : []));
    if (stretched.length > 0) out = this.reduceSumRaw(out, stretched, true);
    return out;
  }
}

function broadcastShape(a: readonly Dim[], b: readonly Dim[]): Dim[] {
  const rank = Math.max(a.length, b.length);
  return range(rank).map((i) => {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    return da === 1 ? db : da;
  });
}

function keptShape(shape: readonly Dim[], axes: readonly number[]): Dim[] {
  return shape.map((dim, axis) => (axes.includes(axis) ? 1 : dim));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function intsAttr(name: string, ints: readonly number[]): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: [...ints] };
}
