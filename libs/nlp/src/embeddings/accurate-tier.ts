import { join, resolve } from 'node:path';
import { registerClassifierTier, type ClassifierTier } from '../tiers/classifier-tiers';
import { AccurateClassifier } from './accurate-classifier';
import { loadEncoderManifest } from './minilm-manifest';
import { SentenceEmbedder } from './sentence-embedder';

/** The committed accurate-tier heads: models/accurate at the repository root. */
export const ACCURATE_MODELS_DIR = resolve(__dirname, '../../../../models/accurate');
export const ACCURATE_MODEL_IDS = { sentiment: 'sentiment-accurate', stance: 'stance-accurate' } as const;

/**
 * MiniLM sentence embeddings stacked with hashed n-grams. Needs the encoder fetched by
 * `riptide models fetch`; loading fails with that hint otherwise.
 */
export const accurateTier: ClassifierTier = {
  name: 'accurate',
  description:
    'all-MiniLM-L6-v2 sentence embeddings stacked with hashed n-grams (models/accurate), hundreds of posts/s per core',
  async load(options = {}) {
    const dir = options.modelsDir ?? ACCURATE_MODELS_DIR;
    const threads = options.intraOpThreads ?? 1;
    const embedder = await SentenceEmbedder.load(loadEncoderManifest(), { threads });
    const [sentiment, stance] = await Promise.all([
      AccurateClassifier.load(join(dir, `${ACCURATE_MODEL_IDS.sentiment}.json`), embedder, threads),
      AccurateClassifier.load(join(dir, `${ACCURATE_MODEL_IDS.stance}.json`), embedder, threads),
    ]);
    return { sentiment, stance };
  },
};

registerClassifierTier(accurateTier);
