import type { SentimentTopLayers } from './train-accurate-tier';

/**
 * Which encoder tiers train their sentiment head on fine-tuned top layers of the encoder (finetune/)
 * rather than on its frozen embedding, and how. Keyed by tier name (ACCURATE_TIER, ACCURATE_E5_TIER).
 */
export const SENTIMENT_TOP_LAYERS_RECIPES: Readonly<Record<string, SentimentTopLayers['recipe']>> = {
  // E5's recipe with up to three epochs. Five of MiniLM's six layers held out 0.7323 against three
  // layers' 0.7250 (docs/embeddings.md).
  accurate: {
    layers: 5,
    maxEpochs: 3,
    learningRate: 1e-4,
    warmupFraction: 0.06,
    weightDecay: 0.01,
    batchSize: 32,
    folds: 5,
  },
  // Four layers held out 0.7414 after 2 epochs against two layers' 0.7322 (docs/embeddings.md).
  'accurate-e5': {
    layers: 4,
    maxEpochs: 2,
    learningRate: 1e-4,
    warmupFraction: 0.06,
    weightDecay: 0.01,
    batchSize: 32,
    folds: 5,
  },
};
