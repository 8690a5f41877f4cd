import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACCURATE_TIER,
  loadEncoderManifest,
  loadEncoderTierModels,
  loadModelFiles,
  readConfusionFile,
  SMALL_MODELS_DIR,
  parseConfusionFile,
} from '@riptide/nlp';
import { smallModelConfusion, STANCE_RECIPE, topLayersHeadConfusion } from '@riptide/nlp-training';

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

  it.each(confusionFiles)(
    '%s describes the committed model: same id@version, ONNX checksum and calibration',
    (file) => {
      const confusion = readConfusionFile(join(modelsRoot, file));
      const [id] = confusion.model.split('@');
      // loadModelFiles also checks the ONNX file against the manifest's sha256.
      const { manifest } = loadModelFiles(join(modelsRoot, file.split('/')[0], `${id}.json`));
      expect(confusion.model).toBe(`${manifest.id}@${manifest.version}`);
      expect(confusion.task).toBe(manifest.task);
      expect(confusion.labels).toEqual(manifest.labels);
      expect(confusion.decisionOffsets).toEqual(manifest.decisionOffsets);
      expect(confusion.onnxSha256).toBe(manifest.onnx.sha256);
      // The file's mean probabilities are of the probabilities the model serves: the same temperature.
      expect(confusion.calibration).toEqual(manifest.calibration);
    },
  );

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

  // The full run tunes the encoder's top layers per fold (tens of minutes); here the same path runs
  // on the first 60 training tweets so that each step (states, tuning, int8 export, served embedding,
  // mix, decision) is exercised.
  it(
    'sentiment-accurate: a fold model with fine-tuned top layers is estimated end to end on a tiny split',
    { timeout: 300_000 },
    async () => {
      const tiny = mkdtempSync(join(tmpdir(), 'riptide-confusion-'));
      try {
        mkdirSync(join(tiny, 'data/sentiment'), { recursive: true });
        for (const part of ['text', 'labels']) {
          const lines = readFileSync(join(dataDir, `sentiment/train_${part}.txt`), 'utf8')
            .split('\n')
            .slice(0, 60);
          writeFileSync(join(tiny, `data/sentiment/train_${part}.txt`), `${lines.join('\n')}\n`);
        }
        const models = await loadEncoderTierModels(ACCURATE_TIER, { threads: 1 });
        const file = await topLayersHeadConfusion(
          models.sentiment,
          loadEncoderManifest(ACCURATE_TIER.encoderManifest),
          {
            dataDir: join(tiny, 'data'),
            cacheDir: join(tiny, 'cache'),
          },
        ).finally(() => models.close());
        const parsed = parseConfusionFile(JSON.parse(JSON.stringify(file)));
        expect(parsed.model).toBe(`sentiment-accurate@${models.sentiment.manifest.version}`);
        expect(file.method).toMatch(/^predictions on held-out fold 0 of a 5-fold split/);
        // Fold 0 of 60 rows dealt round-robin over 5 folds holds 12 of them.
        expect(parsed.targets['*'].examples).toBe(12);
        expect(file.data).toMatch(/12 held-out texts of 60/);
      } finally {
        rmSync(tiny, { recursive: true, force: true });
      }
    },
  );
});
