import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadModelFiles,
  readConfusionFile,
  SMALL_MODELS_DIR,
  smallModelConfusion,
  STANCE_RECIPE,
  parseConfusionFile,
} from '@riptide/nlp';

const modelsRoot = resolve(__dirname, '../models');
// CI has the data folder; a missing one is a failure here, never a skip.
const dataDir = process.env.RIPTIDE_DATA_DIR ?? resolve(__dirname, '../../shared/data');

/** Every committed confusion file, as `<tier>/<file>`. */
const confusionFiles = readdirSync(modelsRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((tier) =>
    readdirSync(join(modelsRoot, tier.name))
      .filter((name) => name.endsWith('.confusion.json'))
      .map((name) => `${tier.name}/${name}`),
  );

describe('the confusion matrices shipped beside the models', () => {
  it('ship for both small models, which the scorer deploys by default', () => {
    expect(confusionFiles).toEqual(
      expect.arrayContaining(['small/sentiment-small.confusion.json', 'small/stance-small.confusion.json']),
    );
  });

  it.each(confusionFiles)('%s describes the committed model: same id@version and ONNX checksum', (file) => {
    const confusion = readConfusionFile(join(modelsRoot, file));
    const [id] = confusion.model.split('@');
    // loadModelFiles also checks the ONNX file against the manifest's sha256.
    const { manifest } = loadModelFiles(join(modelsRoot, file.split('/')[0], `${id}.json`));
    expect(confusion.model).toBe(`${manifest.id}@${manifest.version}`);
    expect(confusion.task).toBe(manifest.task);
    expect(confusion.labels).toEqual(manifest.labels);
    expect(confusion.decisionOffsets).toEqual(manifest.decisionOffsets);
    expect(confusion.onnxSha256).toBe(manifest.onnx.sha256);
  });

  it(
    'stance-small: the committed matrices are what the code computes from the data (10-30 s)',
    { timeout: 180_000 },
    () => {
      const committed = readConfusionFile(join(SMALL_MODELS_DIR, 'stance-small.confusion.json'));
      // The recomputed file goes through the same JSON and parser as the committed one.
      const recomputed = parseConfusionFile(
        JSON.parse(
          JSON.stringify(smallModelConfusion(STANCE_RECIPE, { dataDir, modelsDir: SMALL_MODELS_DIR })),
        ),
      );
      expect(Object.keys(recomputed.targets)).toEqual(Object.keys(committed.targets));
      for (const [target, matrix] of Object.entries(committed.targets)) {
        const fresh = recomputed.targets[target];
        expect(fresh.counts, target).toEqual(matrix.counts);
        const close = (a: readonly (readonly number[])[], b: readonly (readonly number[])[]) =>
          a.flat().forEach((value, i) => expect(value).toBeCloseTo(b.flat()[i], 5));
        close(fresh.meanProbs, matrix.meanProbs);
        close(fresh.probSd, matrix.probSd);
        close(fresh.rateSe, matrix.rateSe);
      }
    },
  );
});
