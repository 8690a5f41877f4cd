import { readFileSync } from 'node:fs';
/**
 * What the accurate tier's dense head reads beside the hashed n-grams: the sentence embedding and,
 * for stance, the target. With `per-target-copies` the embedding is also copied into its target's
 * own block, so a linear layer gets shared plus per-target weights (and a per-target bias from
 * the one-hot); with `one-hot` an MLP learns target interactions itself. Written into the
 * manifest's `embedding` block so that serving builds the same input as training.
 */
export interface DenseHeadInput {
  /** Encoder whose vectors the head was trained on (e.g. all-minilm-l6-v2-q). */
  readonly encoder: string;
  /** Width of the embedding. */
  readonly dimensions: number;
  /** Stance targets, in slot order; empty for sentiment. */
  readonly targets: readonly string[];
  readonly layout: 'one-hot' | 'per-target-copies';
  /** Name of the graph's dense input. */
  readonly input: string;
}

export const DENSE_LAYOUTS: readonly DenseHeadInput['layout'][] = ['one-hot', 'per-target-copies'];

export function denseInputWidth(block: DenseHeadInput): number {
  const copies = block.layout === 'per-target-copies' ? block.targets.length : 0;
  return block.dimensions * (1 + copies) + block.targets.length;
}

/**
 * Writes the dense input of one text into `out` at `offset`: the embedding, its per-target copy
 * (zeros in the other targets' blocks), then the target's one-hot. An unknown target or none
 * gets the shared part only.
 */
export function writeDenseInput(
  block: DenseHeadInput,
  embedding: ArrayLike<number>,
  target: string | undefined,
  out: Float32Array,
  offset = 0,
): void {
  const { dimensions, targets } = block;
  if (embedding.length !== dimensions)
    throw new Error(`embedding: expected ${dimensions} values, got ${embedding.length}`);
  const width = denseInputWidth(block);
  // set() copies a typed array as one block: this runs per post in the fast tier, where the
  // per-target copies make the stance input 1,541 values wide.
  out.fill(0, offset, offset + width);
  out.set(embedding, offset);
  const slot = target === undefined ? -1 : targets.indexOf(target);
  if (slot < 0) return;
  if (block.layout === 'per-target-copies') out.set(embedding, offset + dimensions * (1 + slot));
  out[offset + width - targets.length + slot] = 1;
}

/**
 * The `embedding` block of a mixed head's manifest (accurate or fast tier): which encoder or static
 * table its dense features came from and how its input is laid out. Problems name the field.
 */
export function readDenseHeadInput(manifestPath: string): DenseHeadInput {
  const raw = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { embedding?: unknown }).embedding;
  const source = manifestPath;
  const fail = (field: string, problem: string): never => {
    throw new Error(`${source}: embedding.${field}: ${problem}`);
  };
  if (typeof raw !== 'object' || raw === null)
    return fail(
      '(block)',
      "missing; a mixed head's manifest says which encoder or static table its features came from",
    );
  const block = raw as Record<string, unknown>;
  const text = (field: string) =>
    typeof block[field] === 'string' && block[field].length > 0
      ? block[field]
      : fail(field, 'expected a non-empty string');
  const dimensions =
    Number.isInteger(block.dimensions) && (block.dimensions as number) > 0
      ? (block.dimensions as number)
      : fail('dimensions', 'expected a positive integer');
  const targets =
    Array.isArray(block.targets) && block.targets.every((t) => typeof t === 'string')
      ? (block.targets as string[])
      : fail('targets', 'expected an array of strings');
  const layout =
    DENSE_LAYOUTS.find((l) => l === block.layout) ??
    fail('layout', `expected one of ${DENSE_LAYOUTS.join(', ')}`);
  return { encoder: text('encoder'), dimensions, targets, layout, input: text('input') };
}
