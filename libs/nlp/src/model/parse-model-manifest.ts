import { RESERVED_FEATURES, type FeaturiserSpec } from '../features/featuriser-spec';
import { parseTemperatureCalibration } from '../inference/calibration';
import { ManifestError, type ModelManifest } from './model-manifest';

type Json = Record<string, unknown>;

/**
 * Validates parsed manifest JSON field by field. The first problem found is thrown as a
 * ManifestError such as `sentiment-small.json: featuriser.dimensions: must be a power of two, got 1000`.
 */
export function parseModelManifest(json: unknown, source: string): ModelManifest {
  const fail = (field: string, problem: string): never => {
    throw new ManifestError(source, field, problem);
  };
  const object = (value: unknown, field: string): Json =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Json)
      : fail(field, `must be an object, got ${describe(value)}`);
  const string = (value: unknown, field: string): string =>
    typeof value === 'string' && value.length > 0
      ? value
      : fail(field, `must be a non-empty string, got ${describe(value)}`);
  const integer = (value: unknown, field: string, min: number): number =>
    typeof value === 'number' && Number.isInteger(value) && value >= min
      ? value
      : fail(field, `must be an integer >= ${min}, got ${describe(value)}`);
  const oneOf = <T extends string>(value: unknown, field: string, allowed: readonly T[]): T =>
    allowed.includes(value as T)
      ? (value as T)
      : fail(field, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  const range = (value: unknown, field: string): [number, number] => {
    if (!Array.isArray(value) || value.length !== 2)
      return fail(field, `must be [min, max], got ${describe(value)}`);
    const [min, max] = [integer(value[0], `${field}[0]`, 0), integer(value[1], `${field}[1]`, 0)];
    return min <= max ? [min, max] : fail(field, `min ${min} is above max ${max}`);
  };
  const strings = (value: unknown, field: string): string[] =>
    Array.isArray(value) && value.length > 0
      ? value.map((item, i) => string(item, `${field}[${i}]`))
      : fail(field, `must be a non-empty array of strings, got ${describe(value)}`);

  const root = object(json, '(root)');
  oneOf(root.schema, 'schema', ['riptide-model/v1'] as const);
  const labels = strings(root.labels, 'labels');
  const onnxJson = object(root.onnx, 'onnx');
  const sha256 = string(onnxJson.sha256, 'onnx.sha256');
  if (!/^[0-9a-f]{64}$/.test(sha256)) fail('onnx.sha256', 'must be 64 lower-case hex digits');

  const input = object(root.input, 'input');
  const tensorName = <T extends 'int64' | 'float32'>(field: string, dtype: T): string => {
    const spec = object(input[field], `input.${field}`);
    oneOf(spec.dtype, `input.${field}.dtype`, [dtype]);
    return string(spec.name, `input.${field}.name`);
  };
  const outputShape = object(input.output, 'input.output').shape;
  if (!Array.isArray(outputShape) || outputShape[1] !== labels.length) {
    fail(
      'input.output.shape',
      `must be ["batch", ${labels.length}] (one column per label), got ${describe(outputShape)}`,
    );
  }

  const featuriserJson = object(root.featuriser, 'featuriser');
  const dimensions = integer(featuriserJson.dimensions, 'featuriser.dimensions', RESERVED_FEATURES * 2);
  if ((dimensions & (dimensions - 1)) !== 0)
    fail('featuriser.dimensions', `must be a power of two, got ${dimensions}`);
  const featuriser: FeaturiserSpec = {
    kind: oneOf(featuriserJson.kind, 'featuriser.kind', ['hashed-ngrams'] as const),
    hash: oneOf(featuriserJson.hash, 'featuriser.hash', ['murmur3_x86_32'] as const),
    seed: integer(featuriserJson.seed, 'featuriser.seed', 0),
    dimensions,
    wordNgrams: range(featuriserJson.wordNgrams, 'featuriser.wordNgrams'),
    charNgrams: range(featuriserJson.charNgrams, 'featuriser.charNgrams'),
    lexicon: oneOf(featuriserJson.lexicon, 'featuriser.lexicon', ['afinn-165', 'none'] as const),
    targetConjoined:
      typeof featuriserJson.targetConjoined === 'boolean'
        ? featuriserJson.targetConjoined
        : fail('featuriser.targetConjoined', 'must be true or false'),
    ...(featuriserJson.targetBlocks === undefined
      ? {}
      : {
          targetBlocks: {
            targets: strings(
              object(featuriserJson.targetBlocks, 'featuriser.targetBlocks').targets,
              'featuriser.targetBlocks.targets',
            ),
            rows: integer(
              (featuriserJson.targetBlocks as Json).rows,
              'featuriser.targetBlocks.rows',
              RESERVED_FEATURES * 2,
            ),
          },
        }),
  };

  const offsets = root.decisionOffsets;
  if (
    !Array.isArray(offsets) ||
    offsets.length !== labels.length ||
    offsets.some((o) => typeof o !== 'number' || !Number.isFinite(o))
  ) {
    fail(
      'decisionOffsets',
      `must be ${labels.length} finite numbers (one per label), got ${describe(offsets)}`,
    );
  }
  const task = oneOf(root.task, 'task', ['sentiment', 'stance'] as const);
  return {
    schema: 'riptide-model/v1',
    id: string(root.id, 'id'),
    version: string(root.version, 'version'),
    task,
    labels,
    onnx: {
      file: string(onnxJson.file, 'onnx.file'),
      sha256,
      bytes: integer(onnxJson.bytes, 'onnx.bytes', 1),
    },
    input: {
      indices: { name: tensorName('indices', 'int64'), dtype: 'int64', shape: ['batch', 'features'] },
      values: { name: tensorName('values', 'float32'), dtype: 'float32', shape: ['batch', 'features'] },
      output: {
        name: string(object(input.output, 'input.output').name, 'input.output.name'),
        dtype: 'float32',
        shape: ['batch', labels.length],
      },
    },
    featuriser,
    decisionOffsets: offsets as number[],
    ...(root.calibration === undefined
      ? {}
      : { calibration: parseTemperatureCalibration(root.calibration, fail) }),
    targets: root.targets === undefined ? undefined : strings(root.targets, 'targets'),
    metrics: object(root.metrics, 'metrics'),
    training: object(root.training, 'training'),
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
