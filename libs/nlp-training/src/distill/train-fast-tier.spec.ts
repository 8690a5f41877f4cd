import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfusionFile, parseModelManifest, type TextEmbedder } from '@riptide/nlp';
import { STANCE_TARGETS } from '../data/tweeteval-folder';
import { trainFastTier } from './train-fast-tier';

// A tiny TweetEval-layout folder: words that carry the label, so both views can learn it.
const WORDS = [
  ['awful', 'hate', 'worst'],
  ['meeting', 'tuesday', 'report'],
  ['love', 'great', 'best'],
];
function writeSplit(dir: string, count: number, offset: number): void {
  mkdirSync(dir, { recursive: true });
  const labels = Array.from({ length: count }, (_, i) => (i + offset) % 3);
  const texts = labels.map(
    (label, i) => `${WORDS[label][i % 3]} ${WORDS[(label + 1) % 3][(i * 7) % 3]} tweet ${i}`,
  );
  writeFileSync(join(dir, 'train_text.txt'), `${texts.join('\n')}\n`);
  writeFileSync(join(dir, 'train_labels.txt'), `${labels.join('\n')}\n`);
}

/** A stand-in for the static embedding: a 4-d vector from the words' class. */
const embedder: TextEmbedder = {
  modelId: 'test-static',
  dimensions: 4,
  batching: 'none',
  embed: async (texts) =>
    texts.map((text) => {
      const vector = new Float32Array(4);
      WORDS.forEach((words, label) => words.forEach((w) => text.includes(w) && (vector[label] += 1)));
      vector[3] = 0.1;
      return vector;
    }),
};

describe('trainFastTier', () => {
  it('writes both heads with a fitted temperature and out-of-fold confusion files that parse', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fast-data-'));
    writeSplit(join(dataDir, 'sentiment'), 90, 0);
    STANCE_TARGETS.forEach((target, t) => writeSplit(join(dataDir, 'stance', target), 30, t));
    const outDir = mkdtempSync(join(tmpdir(), 'fast-out-'));
    const report = await trainFastTier(embedder, {
      dataDir,
      outDir,
      version: '0.0.1',
      seed: 3,
      progress: () => undefined,
    });

    for (const id of ['sentiment-fast', 'stance-fast']) {
      const manifest = parseModelManifest(JSON.parse(readFileSync(join(outDir, `${id}.json`), 'utf8')), id);
      expect(manifest.version).toBe('0.0.1');
      expect(manifest.calibration?.temperature).toBeGreaterThan(0);
      expect(manifest.calibration?.folds).toBe(5);
      const raw = JSON.parse(readFileSync(join(outDir, `${id}.json`), 'utf8')) as {
        embedding: { encoder: string };
      };
      expect(raw.embedding.encoder).toBe('test-static');
      const confusion = parseConfusionFile(
        JSON.parse(readFileSync(join(outDir, `${id}.confusion.json`), 'utf8')),
        id,
      );
      // '*' pools every text; stance also has one matrix per target.
      const counted = confusion.targets['*'].counts.flat().reduce((a, b) => a + b, 0);
      expect(counted).toBe(id === 'sentiment-fast' ? 90 : 150);
      expect(Object.keys(confusion.targets).sort()).toEqual(
        id === 'sentiment-fast' ? ['*'] : ['*', ...STANCE_TARGETS].sort(),
      );
    }
    // The words decide the label, so cross-validation finds it.
    expect((report.sentiment as { cv_macro_recall: number }).cv_macro_recall).toBeGreaterThan(0.9);
  }, 120_000);
});
