import { describe, expect, it } from 'vitest';
import { estimateConfusionByTarget } from './confusion-estimate';
import {
  confusionFileJson,
  ConfusionFileError,
  parseConfusionFile,
  type ConfusionFileJson,
} from './confusion-file';

const labels = ['none', 'against', 'favor'];
const gold = [0, 1, 2, 1, 0, 2, 1, 1];
const predicted = [0, 1, 1, 1, 2, 2, 0, 1];
const probs = [
  0.6, 0.3, 0.1, 0.2, 0.7, 0.1, 0.1, 0.5, 0.4, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.2, 0.2, 0.6, 0.5, 0.4, 0.1,
  0.3, 0.6, 0.1,
];
const targets = ['abortion', 'abortion', 'abortion', 'abortion', 'climate', 'climate', 'climate', 'climate'];

function stanceFile(): ConfusionFileJson {
  return confusionFileJson(
    {
      model: 'stance-small@1.2.0',
      task: 'stance',
      labels,
      method: 'test',
      seed: 7,
      folds: 5,
      data: 'test',
      decision_offsets: [0, -0.1, 0.4],
      onnx_sha256: 'a'.repeat(64),
    },
    estimateConfusionByTarget(gold, probs, predicted, 3, targets),
  );
}

/** The file as loose JSON, for tests to break one field at a time. */
interface EditableFile {
  schema: unknown;
  model: unknown;
  task: unknown;
  labels: unknown[];
  onnx_sha256: unknown;
  decision_offsets: unknown[];
  targets: Record<
    string,
    { examples: number; counts: number[][]; mean_probs: number[][]; prob_sd: unknown[][]; rate_se?: unknown }
  >;
}

/** The file after a JSON round trip, with one field replaced. */
function edited(edit: (json: EditableFile) => void): unknown {
  const json = JSON.parse(JSON.stringify(stanceFile())) as EditableFile;
  edit(json);
  return json;
}

describe('parseConfusionFile', () => {
  it("reads back what confusionFileJson writes, per target, in the opinion service's shape", () => {
    const parsed = parseConfusionFile(JSON.parse(JSON.stringify(stanceFile())), 'x.json');
    expect(parsed.model).toBe('stance-small@1.2.0');
    expect(parsed.task).toBe('stance');
    expect(parsed.labels).toEqual(labels);
    expect(parsed.decisionOffsets).toEqual([0, -0.1, 0.4]);
    expect(Object.keys(parsed.targets)).toEqual(['abortion', 'climate', '*']);
    const abortion = parsed.targets.abortion;
    expect(abortion.model).toBe('stance-small@1.2.0');
    expect(abortion.labels).toEqual(labels);
    expect(abortion.examples).toBe(4);
    expect(abortion.counts).toEqual([
      [1, 0, 0],
      [0, 2, 0],
      [0, 1, 0],
    ]);
    expect(abortion.meanProbs[1]).toEqual([0.15, 0.75, 0.1]);
    expect(parsed.targets['*'].counts[1]).toEqual([1, 3, 0]);
  });

  it('names the field of each problem', () => {
    const problem = (edit: (json: EditableFile) => void) => {
      try {
        parseConfusionFile(edited(edit), 'stance-small.confusion.json');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfusionFileError);
        return (error as Error).message;
      }
      throw new Error('expected a ConfusionFileError');
    };
    expect(problem((j) => (j.schema = 'riptide-confusion/v0'))).toMatch(
      /^stance-small\.confusion\.json: schema:/,
    );
    expect(problem((j) => (j.model = 'stance-small'))).toMatch(/: model: must be "id@version"/);
    expect(problem((j) => (j.task = 'topic'))).toMatch(/: task: must be "sentiment" or "stance"/);
    expect(problem((j) => (j.labels = ['none', 'none', 'favor']))).toMatch(/: labels: must be distinct/);
    expect(problem((j) => (j.onnx_sha256 = 'abc'))).toMatch(/: onnx_sha256: must be 64/);
    expect(problem((j) => (j.decision_offsets = [0, 0]))).toMatch(
      /: decision_offsets: must be an array of 3/,
    );
    expect(problem((j) => delete j.targets['*'])).toMatch(/: targets: must hold the pooled matrix "\*"/);
    expect(problem((j) => (j.targets.climate.counts[1][2] = -1))).toMatch(
      /: targets\.climate\.counts\[1\]\[2\]: must be an integer >= 0, got -1/,
    );
    expect(problem((j) => j.targets.climate.counts.pop())).toMatch(
      /: targets\.climate\.counts: must be a 3 x 3 matrix/,
    );
    expect(problem((j) => (j.targets.climate.examples = 5))).toMatch(
      /: targets\.climate\.counts: sum to 4, but examples is 5/,
    );
    expect(problem((j) => (j.targets.climate.mean_probs[0] = [0.5, 0.5, 0.5]))).toMatch(
      /: targets\.climate\.mean_probs\[0\]: must sum to 1/,
    );
    expect(problem((j) => (j.targets.abortion.prob_sd[2][0] = 'wide'))).toMatch(
      /: targets\.abortion\.prob_sd\[2\]\[0\]: must be a finite number >= 0/,
    );
    expect(problem((j) => delete j.targets.abortion.rate_se)).toMatch(
      /: targets\.abortion\.rate_se: must be a 3 x 3/,
    );
    expect(
      problem((j) => {
        j.targets['*'].counts[0][0] += 1;
        j.targets['*'].examples += 1;
      }),
    ).toMatch(/: targets\.\*\.counts\[0\]\[0\]: is 2, but the targets' counts sum to 1/);
  });

  it('rejects per-target matrices for sentiment', () => {
    const sentiment = edited((j) => (j.task = 'sentiment'));
    expect(() => parseConfusionFile(sentiment)).toThrow(/targets: sentiment has no targets/);
  });
});
