import { join, resolve } from 'node:path';
import { registerClassifierTier, type ClassifierTier } from '../tiers/classifier-tiers';
import { AccurateClassifier } from './accurate-classifier';
import { E5_MANIFEST_PATH, loadEncoderManifest, MINILM_MANIFEST_PATH } from './encoder-manifest';
import { SentenceEmbedder } from './sentence-embedder';

/** An accurate tier: a sentence encoder and the two mixed heads trained on its embeddings. */
export interface EncoderTierSpec {
  readonly name: string;
  readonly description: string;
  /** The encoder's manifest (fetched by `riptide models fetch`). */
  readonly encoderManifest: string;
  /** Folder of the committed heads. */
  readonly headsDir: string;
  readonly headIds: { readonly sentiment: string; readonly stance: string };
  /** Version `riptide models train-accurate` gives the heads it writes. */
  readonly headsVersion: string;
}

const MODELS_ROOT = resolve(__dirname, '../../../../models');

/** all-MiniLM-L6-v2 (the design's accurate tier): models/accurate. */
export const ACCURATE_TIER: EncoderTierSpec = {
  name: 'accurate',
  description:
    'all-MiniLM-L6-v2 sentence embeddings stacked with hashed n-grams (models/accurate), hundreds of posts/s per core',
  encoderManifest: MINILM_MANIFEST_PATH,
  headsDir: join(MODELS_ROOT, 'accurate'),
  headIds: { sentiment: 'sentiment-accurate', stance: 'stance-accurate' },
  headsVersion: '0.3.0',
};

/** E5-small-v2: twice MiniLM's layers, higher cross-validated scores, about half its speed (docs/models.md). */
export const ACCURATE_E5_TIER: EncoderTierSpec = {
  name: 'accurate-e5',
  description:
    'E5-small-v2 sentence embeddings stacked with hashed n-grams (models/accurate-e5): more accurate than accurate, about half its speed',
  encoderManifest: E5_MANIFEST_PATH,
  headsDir: join(MODELS_ROOT, 'accurate-e5'),
  headIds: { sentiment: 'sentiment-accurate-e5', stance: 'stance-accurate-e5' },
  headsVersion: '0.1.0',
};

export const ENCODER_TIERS: readonly EncoderTierSpec[] = [ACCURATE_TIER, ACCURATE_E5_TIER];

export function encoderTierSpec(name: string): EncoderTierSpec {
  const spec = ENCODER_TIERS.find((tier) => tier.name === name);
  if (!spec)
    throw new Error(
      `tier: "${name}" is not a sentence-encoder tier; choose one of ${ENCODER_TIERS.map((t) => t.name).join(', ')}`,
    );
  return spec;
}

/**
 * A tier that embeds each text once with its encoder and runs both heads on that vector. Needs the
 * encoder fetched by `riptide models fetch`; loading fails with that hint otherwise.
 */
export function encoderTier(spec: EncoderTierSpec): ClassifierTier {
  return {
    name: spec.name,
    description: spec.description,
    async load(options = {}) {
      const dir = options.modelsDir ?? spec.headsDir;
      const threads = options.intraOpThreads ?? 1;
      const embedder = await SentenceEmbedder.load(loadEncoderManifest(spec.encoderManifest), { threads });
      const [sentiment, stance] = await Promise.all([
        AccurateClassifier.load(join(dir, `${spec.headIds.sentiment}.json`), embedder, threads),
        AccurateClassifier.load(join(dir, `${spec.headIds.stance}.json`), embedder, threads),
      ]);
      return { sentiment, stance };
    },
  };
}

for (const spec of ENCODER_TIERS) registerClassifierTier(encoderTier(spec));
