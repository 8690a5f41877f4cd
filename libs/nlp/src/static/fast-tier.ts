import { join, resolve } from 'node:path';
import { registerClassifierTier, type ClassifierTier } from '../tiers/classifier-tiers';
import { FastClassifier } from './fast-classifier';
import { StaticEmbedder } from './static-embedder';

/** The committed fast models: models/fast at the repository root (this file is libs/nlp/src/static). */
export const FAST_MODELS_DIR = resolve(__dirname, '../../../../models/fast');

/** File names inside models/fast: the distilled table's manifest and the two heads' manifests. */
export const FAST_TIER_FILES = {
  staticEmbedding: 'minilm-static.manifest.json',
  sentiment: 'sentiment-fast.json',
  stance: 'stance-fast.json',
} as const;

/**
 * The fast tier: static token vectors distilled from all-MiniLM-L6-v2 (no encoder at run time,
 * only its vocabulary) pooled per post, mixed with hashed n-grams by the same kind of head as the
 * accurate tier (one ONNX graph per task, run by FastClassifier). Sentiment and stance share one embedder, so a post that
 * both score is tokenised and pooled once.
 */
export const fastTier: ClassifierTier = {
  name: 'fast',
  description:
    'static token embeddings distilled from all-MiniLM-L6-v2, pooled and mixed with hashed n-grams (models/fast); no encoder at run time',
  async load(options = {}) {
    const dir = options.modelsDir ?? FAST_MODELS_DIR;
    const embedder = StaticEmbedder.load(join(dir, FAST_TIER_FILES.staticEmbedding));
    const threads = options.intraOpThreads ?? 1;
    const [sentiment, stance] = await Promise.all([
      FastClassifier.load(join(dir, FAST_TIER_FILES.sentiment), embedder, threads),
      FastClassifier.load(join(dir, FAST_TIER_FILES.stance), embedder, threads),
    ]);
    return { sentiment, stance };
  },
};

registerClassifierTier(fastTier);
