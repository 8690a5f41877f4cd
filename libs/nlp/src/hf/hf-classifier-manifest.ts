import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SENTIMENT_LABELS, STANCE_LABELS } from '../model/task-labels';

/** Labels that the scorer understands per task: a plugged model's labels must map onto them. */
export const TASK_LABELS: Readonly<Record<HfClassifierManifest['task'], readonly string[]>> = {
  sentiment: SENTIMENT_LABELS,
  stance: STANCE_LABELS,
};

/**
 * A Hugging Face style ONNX text classifier configured for a task (see docs/embeddings.md):
 * the exported `model.onnx`, its `tokenizer.json` and the `config.json` whose `id2label` names the
 * logits. Paths are relative to the manifest file.
 */
export interface HfClassifierManifest {
  readonly id: string;
  readonly task: 'sentiment' | 'stance';
  /** Stance target this model scores (stance only), matching a topic's `stance.target`. */
  readonly target?: string;
  readonly modelPath: string;
  readonly tokenizerPath: string;
  readonly configPath: string;
  readonly maxTokens: number;
  /** Model label (from id2label) -> task label, e.g. `LABEL_0` -> `negative`. */
  readonly labelMap: Readonly<Record<string, string>>;
  /** `softmax` for single-label classifiers (the default), `sigmoid` for multi-label ones. */
  readonly activation: 'softmax' | 'sigmoid';
  readonly threads: number;
}

export const HF_CLASSIFIER_SCHEMA = 'hf-classifier/v1';

export function loadHfClassifierManifest(path: string): HfClassifierManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `${path}: cannot read the classifier manifest: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return parseHfClassifierManifest(raw, path);
}

export function parseHfClassifierManifest(raw: unknown, manifestPath: string): HfClassifierManifest {
  const fail = (field: string, problem: string): never => {
    throw new Error(`${manifestPath}: ${field}: ${problem}`);
  };
  const object = (value: unknown, field: string): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : fail(field, 'expected an object');
  const text = (value: unknown, field: string): string =>
    typeof value === 'string' && value.length > 0 ? value : fail(field, 'expected a non-empty string');
  const manifest = object(raw, '(root)');
  if (manifest.schema !== HF_CLASSIFIER_SCHEMA)
    fail('schema', `expected "${HF_CLASSIFIER_SCHEMA}", got ${JSON.stringify(manifest.schema)}`);
  const task =
    manifest.task === 'sentiment' || manifest.task === 'stance'
      ? manifest.task
      : fail('task', `expected "sentiment" or "stance", got ${JSON.stringify(manifest.task)}`);
  const files = object(manifest.files, 'files');
  const directory = dirname(manifestPath);
  const file = (name: string) => {
    const path = resolve(directory, text(files[name], `files.${name}`));
    return existsSync(path) ? path : fail(`files.${name}`, `${path} does not exist`);
  };
  const labelMap = manifest.labelMap === undefined ? {} : object(manifest.labelMap, 'labelMap');
  const taskLabels = TASK_LABELS[task];
  for (const [modelLabel, taskLabel] of Object.entries(labelMap)) {
    text(taskLabel, `labelMap.${modelLabel}`);
    if (!taskLabels.includes(taskLabel as string)) {
      fail(
        `labelMap.${modelLabel}`,
        `"${String(taskLabel)}" is not a ${task} label (${taskLabels.join(', ')})`,
      );
    }
  }
  const integer = (value: unknown, field: string, fallback: number): number => {
    if (value === undefined) return fallback;
    return typeof value === 'number' && Number.isInteger(value) && value > 0
      ? value
      : fail(field, 'expected a positive integer');
  };
  const activation = manifest.activation ?? 'softmax';
  if (activation !== 'softmax' && activation !== 'sigmoid')
    fail('activation', `expected "softmax" or "sigmoid", got ${JSON.stringify(activation)}`);
  if (manifest.target !== undefined && task !== 'stance')
    fail('target', 'only a stance classifier has a target');
  return {
    id: text(manifest.id, 'id'),
    task,
    ...(manifest.target === undefined ? {} : { target: text(manifest.target, 'target') }),
    modelPath: file('model'),
    tokenizerPath: file('tokenizer'),
    configPath: file('config'),
    maxTokens: integer(manifest.maxTokens, 'maxTokens', 128),
    labelMap: labelMap as Record<string, string>,
    activation: activation as 'softmax' | 'sigmoid',
    threads: integer(manifest.threads, 'threads', 1),
  };
}

/**
 * Labels in logit order from a Hugging Face `config.json` (`id2label`, keys "0".."n-1"), mapped to
 * task labels; every label must map to one the scorer knows.
 */
export function labelsFromConfig(config: unknown, manifest: HfClassifierManifest): string[] {
  const fail = (problem: string): never => {
    throw new Error(`${manifest.configPath}: id2label: ${problem}`);
  };
  const id2label = (config as { id2label?: unknown } | null)?.id2label;
  if (typeof id2label !== 'object' || id2label === null)
    fail('missing; expected an object such as {"0": "negative", ...}');
  const entries = Object.entries(id2label as Record<string, unknown>);
  const labels = entries.map((_, id) => {
    const label = (id2label as Record<string, unknown>)[String(id)];
    return typeof label === 'string'
      ? label
      : fail(
          `expected ids 0..${entries.length - 1} with string labels; id ${id} is ${JSON.stringify(label)}`,
        );
  });
  const mapped = labels.map((label) => manifest.labelMap[label] ?? label);
  const taskLabels = TASK_LABELS[manifest.task];
  const unknown = mapped.find((label) => !taskLabels.includes(label));
  if (unknown !== undefined)
    fail(
      `label "${unknown}" is not a ${manifest.task} label (${taskLabels.join(', ')}); map it in the manifest's labelMap`,
    );
  return mapped;
}
