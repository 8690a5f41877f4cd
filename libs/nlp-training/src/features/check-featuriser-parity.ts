import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { normaliseTweet, FeatureBuffer, type FeaturiserSpec, HashedFeaturiser } from '@riptide/nlp';
import { SENTIMENT_RECIPE, STANCE_RECIPE } from '../train/small-model-recipes';

/**
 * The full check behind hashed-featuriser.spec.ts's sample: every text of every `*_text.txt` split
 * under a TweetEval-layout folder, featurised by HashedFeaturiser (the byte path where it applies)
 * and by the reference path (normaliseTweet, then token strings), must give bit-identical indices
 * and values, for the sentiment spec, the stance spec (with the folder's target) and a wide spec.
 *
 *   npx node -r @swc-node/register libs/nlp-training/src/features/check-featuriser-parity.ts [data dir]
 *
 * Prints a JSON summary; exits 1 on any difference.
 */
export interface ParityReport {
  readonly texts: number;
  readonly comparisons: number;
  readonly differences: number;
  readonly examples: string[];
}

const WIDE_SPEC: FeaturiserSpec = {
  ...STANCE_RECIPE.featuriser,
  wordNgrams: [1, 3],
  charNgrams: [1, 7],
  lexicon: 'none',
  targetBlocks: { targets: ['climate', 'hillary'], rows: 2 ** 12 },
};

export function checkFeaturiserParity(dataDir: string): ParityReport {
  const files = textFiles(dataDir);
  if (files.length === 0) throw new Error(`${dataDir}: no *_text.txt files (expected the TweetEval layout)`);
  const specs = [SENTIMENT_RECIPE.featuriser, STANCE_RECIPE.featuriser, WIDE_SPEC];
  const fast = specs.map((spec) => new HashedFeaturiser(spec));
  const reference = specs.map((spec) => new HashedFeaturiser(spec));
  const buffer = new FeatureBuffer();
  let texts = 0;
  let comparisons = 0;
  const examples: string[] = [];
  let differences = 0;
  for (const file of files) {
    const folder = basename(dirname(file));
    const target = folder === 'sentiment' ? 'climate' : folder;
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    for (const text of lines) {
      texts++;
      const tweet = normaliseTweet(text);
      for (let s = 0; s < specs.length; s++) {
        comparisons++;
        const row = fast[s].featurise(text, target);
        buffer.length = 0;
        reference[s].appendNormalised(buffer, tweet, target);
        if (!sameEntries(row.indices, row.values, buffer)) {
          differences++;
          if (examples.length < 10)
            examples.push(`${relative(dataDir, file)} (${specs[s].charNgrams}): ${text}`);
        }
      }
    }
  }
  return { texts, comparisons, differences, examples };
}

function sameEntries(indices: Int32Array, values: Float32Array, buffer: FeatureBuffer): boolean {
  if (indices.length !== buffer.length) return false;
  for (let i = 0; i < indices.length; i++) {
    // Object.is: bit-identical floats (it tells 0 from -0).
    if (indices[i] !== buffer.indices[i] || !Object.is(values[i], buffer.values[i])) return false;
  }
  return true;
}

function textFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return textFiles(path);
      return entry.name.endsWith('_text.txt') ? [path] : [];
    })
    .sort();
}

if (require.main === module) {
  const dataDir = resolve(process.argv[2] ?? process.env.RIPTIDE_DATA_DIR ?? '../shared/data');
  const report = checkFeaturiserParity(dataDir);
  console.log(JSON.stringify(report, null, 2));
  process.exit(report.differences === 0 ? 0 : 1);
}
