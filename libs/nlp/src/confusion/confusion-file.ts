import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseTemperatureCalibration, type TemperatureCalibration } from '../inference/calibration';
import { POOLED_TARGET, type ConfusionEstimate } from './confusion-estimate';

export const CONFUSION_SCHEMA = 'riptide-confusion/v1';

/** One target's matrices as written in the file (snake_case, rows = true label). */
export interface ConfusionTargetJson {
  readonly examples: number;
  readonly counts: number[][];
  readonly mean_probs: number[][];
  readonly prob_sd: number[][];
  readonly rate_se: number[][];
}

/** `models/<tier>/<model-id>.confusion.json`: a model's confusion matrices on data it was not trained on. */
export interface ConfusionFileJson {
  readonly schema: typeof CONFUSION_SCHEMA;
  /** `id@version`, as the observations' `model` field names it. */
  readonly model: string;
  readonly task: 'sentiment' | 'stance';
  readonly labels: readonly string[];
  readonly method: string;
  readonly seed: number;
  readonly folds: number;
  readonly data: string;
  /** The decision rule behind `counts`, the shipped model's: argmax of log p + offsets. */
  readonly decision_offsets: readonly number[];
  /** sha256 of the ONNX file the matrices describe (its manifest's `onnx.sha256`). */
  readonly onnx_sha256: string;
  /**
   * The temperature the model's served probabilities carry (its manifest's `calibration`):
   * `mean_probs` and `prob_sd` are of the calibrated probabilities, as the service tallies them;
   * `counts` do not depend on it (labels are decided before calibration).
   */
  readonly calibration?: TemperatureCalibration;
  /** Per stance target and the pooled `*`; sentiment has `*` only. */
  readonly targets: Readonly<Record<string, ConfusionTargetJson>>;
}

/** One target's confusion as the opinion service reads it (assignable to libs/opinion's ConfusionMatrix). */
export interface TargetConfusion {
  readonly model: string;
  readonly labels: readonly string[];
  readonly examples: number;
  readonly counts: readonly (readonly number[])[];
  readonly meanProbs: readonly (readonly number[])[];
  readonly probSd: readonly (readonly number[])[];
  readonly rateSe: readonly (readonly number[])[];
}

export interface ModelConfusion {
  readonly model: string;
  readonly task: 'sentiment' | 'stance';
  readonly labels: readonly string[];
  readonly onnxSha256: string;
  readonly decisionOffsets: readonly number[];
  readonly calibration?: TemperatureCalibration;
  readonly targets: Readonly<Record<string, TargetConfusion>>;
}

/** A confusion file problem, naming the field (dotted path) and what is wrong with it. */
export class ConfusionFileError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${source}: ${field}: ${problem}`);
    this.name = 'ConfusionFileError';
  }
}

/** Probabilities are written to 6 decimals, so a row of means sums to 1 within this. */
const ROW_SUM_TOLERANCE = 1e-4;
const DECIMALS = 1e6;

/** The file name of a model's confusion matrices, beside its manifest. */
export function confusionFileName(modelId: string): string {
  return `${modelId}.confusion.json`;
}

/** The file's JSON for estimates keyed by target (POOLED_TARGET included), probabilities to 6 decimals. */
export function confusionFileJson(
  header: Omit<ConfusionFileJson, 'schema' | 'targets'>,
  estimates: Readonly<Record<string, ConfusionEstimate>>,
): ConfusionFileJson {
  const rounded = (matrix: number[][]) =>
    matrix.map((row) => row.map((v) => Math.round(v * DECIMALS) / DECIMALS));
  const targets: Record<string, ConfusionTargetJson> = {};
  for (const [target, estimate] of Object.entries(estimates))
    targets[target] = {
      examples: estimate.examples,
      counts: estimate.counts,
      mean_probs: rounded(estimate.meanProbs),
      prob_sd: rounded(estimate.probSd),
      rate_se: rounded(estimate.rateSe),
    };
  return { schema: CONFUSION_SCHEMA, ...header, targets };
}

/** The file's text: two-space JSON with each matrix row on one line, so a reader sees the matrices. */
export function formatConfusionFile(json: ConfusionFileJson): string {
  return `${JSON.stringify(json, null, 2).replace(/\[\n\s*(-?[\d.e+-]+(?:,\n\s*-?[\d.e+-]+)*)\n\s*\]/g, (_, row: string) => `[${row.replace(/,\n\s*/g, ', ')}]`)}\n`;
}

/** Reads and validates a confusion file; a problem is a ConfusionFileError naming the file and field. */
export function readConfusionFile(path: string): ModelConfusion {
  const source = basename(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfusionFileError(
      source,
      '(file)',
      `cannot read it as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return parseConfusionFile(json, source);
}

/** The confusion file of a model with manifest `<dir>/<id>.json`, read and validated. */
export function readModelConfusion(modelsDir: string, modelId: string): ModelConfusion {
  return readConfusionFile(join(modelsDir, confusionFileName(modelId)));
}

/**
 * Validates parsed confusion-file JSON field by field; the first problem is thrown as a
 * ConfusionFileError such as `stance-small.confusion.json: targets.climate.counts[1][2]: must be an
 * integer >= 0, got -1`. Beyond the types it checks what the estimators rely on: square matrices
 * of the labels' size, counts summing to `examples`, mean probabilities in [0, 1] whose non-empty
 * rows sum to 1, and a pooled `*` target equal to the sum of the others.
 */
export function parseConfusionFile(json: unknown, source = 'confusion file'): ModelConfusion {
  const fail = (field: string, problem: string): never => {
    throw new ConfusionFileError(source, field, problem);
  };
  const object = (value: unknown, field: string): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : fail(field, `must be an object, got ${describe(value)}`);
  const string = (value: unknown, field: string): string =>
    typeof value === 'string' && value.length > 0
      ? value
      : fail(field, `must be a non-empty string, got ${describe(value)}`);

  const root = object(json, '(root)');
  if (root.schema !== CONFUSION_SCHEMA)
    fail('schema', `must be "${CONFUSION_SCHEMA}", got ${describe(root.schema)}`);
  const model = string(root.model, 'model');
  if (!/^[^@\s]+@[^@\s]+$/.test(model)) fail('model', `must be "id@version", got ${describe(model)}`);
  const task =
    root.task === 'sentiment' || root.task === 'stance'
      ? root.task
      : fail('task', `must be "sentiment" or "stance", got ${describe(root.task)}`);
  if (!Array.isArray(root.labels) || root.labels.length < 2)
    fail('labels', `must be an array of at least two labels, got ${describe(root.labels)}`);
  const labels = (root.labels as unknown[]).map((label, i) => string(label, `labels[${i}]`));
  if (new Set(labels).size !== labels.length) fail('labels', `must be distinct, got ${labels.join(', ')}`);
  const classes = labels.length;
  const onnxSha256 = string(root.onnx_sha256, 'onnx_sha256');
  if (!/^[0-9a-f]{64}$/.test(onnxSha256)) fail('onnx_sha256', 'must be 64 lower-case hex digits');
  if (!Array.isArray(root.decision_offsets) || root.decision_offsets.length !== classes)
    fail(
      'decision_offsets',
      `must be an array of ${classes} numbers, got ${describe(root.decision_offsets)}`,
    );
  const decisionOffsets = (root.decision_offsets as unknown[]).map((offset, i) =>
    typeof offset === 'number' && Number.isFinite(offset)
      ? offset
      : fail(`decision_offsets[${i}]`, `must be a finite number, got ${describe(offset)}`),
  );

  const matrix = (value: unknown, field: string, cell: (v: unknown, f: string) => number): number[][] => {
    if (!Array.isArray(value) || value.length !== classes)
      return fail(
        field,
        `must be a ${classes} x ${classes} matrix (rows = true label), got ${describe(value)}`,
      );
    return value.map((row: unknown, t) => {
      if (!Array.isArray(row) || row.length !== classes)
        return fail(`${field}[${t}]`, `must be a row of ${classes} numbers, got ${describe(row)}`);
      return row.map((v: unknown, k) => cell(v, `${field}[${t}][${k}]`));
    });
  };
  const count = (v: unknown, f: string): number =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0
      ? v
      : fail(f, `must be an integer >= 0, got ${describe(v)}`);
  const probability = (v: unknown, f: string): number =>
    typeof v === 'number' && v >= 0 && v <= 1 ? v : fail(f, `must be a number in [0, 1], got ${describe(v)}`);
  const spread = (v: unknown, f: string): number =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0
      ? v
      : fail(f, `must be a finite number >= 0, got ${describe(v)}`);

  const targetsJson = object(root.targets, 'targets');
  if (!(POOLED_TARGET in targetsJson)) fail('targets', `must hold the pooled matrix "${POOLED_TARGET}"`);
  if (task === 'sentiment' && Object.keys(targetsJson).length > 1)
    fail(
      'targets',
      `sentiment has no targets: only "${POOLED_TARGET}", got ${Object.keys(targetsJson).join(', ')}`,
    );
  const targets: Record<string, TargetConfusion> = {};
  for (const [target, value] of Object.entries(targetsJson)) {
    const field = `targets.${target}`;
    const entry = object(value, field);
    const examples = count(entry.examples, `${field}.examples`);
    const counts = matrix(entry.counts, `${field}.counts`, count);
    const total = counts.flat().reduce((sum, c) => sum + c, 0);
    if (total !== examples) fail(`${field}.counts`, `sum to ${total}, but examples is ${examples}`);
    const meanProbs = matrix(entry.mean_probs, `${field}.mean_probs`, probability);
    meanProbs.forEach((row, t) => {
      const sum = row.reduce((s, p) => s + p, 0);
      const rowExamples = counts[t].reduce((s, c) => s + c, 0);
      if (rowExamples > 0 && Math.abs(sum - 1) > ROW_SUM_TOLERANCE)
        fail(`${field}.mean_probs[${t}]`, `must sum to 1 (a probability vector), sums to ${sum}`);
    });
    targets[target] = {
      model,
      labels,
      examples,
      counts,
      meanProbs,
      probSd: matrix(entry.prob_sd, `${field}.prob_sd`, spread),
      rateSe: matrix(entry.rate_se, `${field}.rate_se`, spread),
    };
  }
  const perTarget = Object.entries(targets).filter(([target]) => target !== POOLED_TARGET);
  if (perTarget.length > 0) {
    const pooled = targets[POOLED_TARGET].counts;
    pooled.forEach((row, t) =>
      row.forEach((c, k) => {
        const sum = perTarget.reduce((s, [, confusion]) => s + confusion.counts[t][k], 0);
        if (sum !== c)
          fail(
            `targets.${POOLED_TARGET}.counts[${t}][${k}]`,
            `is ${c}, but the targets' counts sum to ${sum}`,
          );
      }),
    );
  }
  const calibration =
    root.calibration === undefined ? undefined : parseTemperatureCalibration(root.calibration, fail);
  return {
    model,
    task,
    labels,
    onnxSha256,
    decisionOffsets,
    ...(calibration ? { calibration } : {}),
    targets,
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
