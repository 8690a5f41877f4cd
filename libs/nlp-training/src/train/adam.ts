const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const ADAM_EPSILON = 1e-8;

/**
 * Adam state of one parameter tensor, with decoupled weight decay (AdamW). Callers add into
 * `gradient`; step() applies and clears it. Moments are float64 whatever the value's type.
 */
export class AdamTensor<Values extends Float32Array | Float64Array = Float64Array> {
  readonly value: Values;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  readonly gradient: Float64Array;

  constructor(initial: Values) {
    this.value = initial;
    this.m = new Float64Array(initial.length);
    this.v = new Float64Array(initial.length);
    this.gradient = new Float64Array(initial.length);
  }

  step(learningRate: number, step: number, weightDecay: number): void {
    const correction1 = 1 - ADAM_BETA1 ** step;
    const correction2 = 1 - ADAM_BETA2 ** step;
    for (let i = 0; i < this.value.length; i++) {
      const g = this.gradient[i];
      this.m[i] = ADAM_BETA1 * this.m[i] + (1 - ADAM_BETA1) * g;
      this.v[i] = ADAM_BETA2 * this.v[i] + (1 - ADAM_BETA2) * g * g;
      const update = this.m[i] / correction1 / (Math.sqrt(this.v[i] / correction2) + ADAM_EPSILON);
      this.value[i] -= learningRate * (update + weightDecay * this.value[i]);
      this.gradient[i] = 0;
    }
  }
}
