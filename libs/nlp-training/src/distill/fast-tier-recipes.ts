import { weightRows, type DenseHeadInput, type FeaturiserSpec } from '@riptide/nlp';
import type { MixedHeadRecipe } from '../embeddings/train-mixed-head';

/** How the static table is distilled (docs/fast-tier.md gives the cross-validation behind each choice). */
export interface DistillationRecipe {
  /** Output id: what the heads' manifests name as their embedding encoder. */
  readonly id: string;
  /** `isolated`: each token alone through the encoder (Model2Vec); `contextual`: averaged over its occurrences in the train tweets. */
  readonly tokenVectors: 'isolated' | 'contextual';
  /** Pseudo-count pulling a rarely seen token's contextual average toward its isolated vector. */
  readonly contextualPrior: number;
  readonly dimensions: number;
  /** The `a` of the smooth inverse frequency weights a / (a + p). */
  readonly frequencyWeight: number;
}

export const MINILM_STATIC: DistillationRecipe = {
  id: 'minilm-static-256',
  tokenVectors: 'contextual',
  contextualPrior: 4,
  dimensions: 256,
  frequencyWeight: 1e-3,
};

/** One fast-tier head: the hashed n-grams it mixes with the pooled static vector, and how it is trained. */
export interface FastHeadRecipe {
  readonly id: string;
  readonly task: 'sentiment' | 'stance';
  readonly featuriser: FeaturiserSpec;
  readonly denseLayout: DenseHeadInput['layout'];
  readonly training: Omit<MixedHeadRecipe, 'seed' | 'classes'>;
}

const SPARSE_WEIGHTS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/**
 * The n-grams of the shipped heads (fast 0.1.0), written out rather than taken from the small
 * recipes, which move on their own: retraining must reproduce the committed files (the spec
 * checks these against the manifests). Sentiment: those of sentiment-small 1.2.0 and 1.3.0.
 */
export const FAST_SENTIMENT_FEATURISER: FeaturiserSpec = {
  kind: 'hashed-ngrams',
  hash: 'murmur3_x86_32',
  seed: 42,
  dimensions: 2 ** 18,
  wordNgrams: [1, 2],
  charNgrams: [4, 4],
  lexicon: 'afinn-165',
  targetConjoined: false,
};

/** Stance: those of stance-small 1.3.0 without its per-target blocks (word 1-2-grams, character 4-grams, target-conjoined). */
export const FAST_STANCE_FEATURISER: FeaturiserSpec = {
  ...FAST_SENTIMENT_FEATURISER,
  dimensions: 2 ** 17,
  lexicon: 'none',
  targetConjoined: true,
};

/** Sentiment: the small model's n-grams and the accurate tier's MLP head (3 seeds averaged), epochs by CV. */
export const SENTIMENT_FAST: FastHeadRecipe = {
  id: 'sentiment-fast',
  task: 'sentiment',
  featuriser: FAST_SENTIMENT_FEATURISER,
  denseLayout: 'one-hot',
  training: {
    folds: 5,
    sparse: {
      dimensions: weightRows(FAST_SENTIMENT_FEATURISER),
      epochs: 2,
      learningRate: 0.1,
      l2: 1e-4,
      nbFeatureScaling: true,
    },
    dense: {
      kind: 'mlp',
      hidden: 64,
      maxEpochs: 12,
      learningRate: 1e-3,
      weightDecay: 1e-4,
      dropout: 0.3,
      batchSize: 64,
      seeds: 3,
    },
    sparseWeights: SPARSE_WEIGHTS,
  },
};

/**
 * Stance: target-conjoined n-grams (no per-target blocks, as the accurate tier) and a linear layer
 * on the pooled vector with shared and per-target weights.
 */
export const STANCE_FAST: FastHeadRecipe = {
  id: 'stance-fast',
  task: 'stance',
  featuriser: FAST_STANCE_FEATURISER,
  denseLayout: 'per-target-copies',
  training: {
    folds: 5,
    sparse: {
      dimensions: FAST_STANCE_FEATURISER.dimensions,
      epochs: 10,
      learningRate: 0.1,
      l2: 1e-4,
      nbFeatureScaling: true,
    },
    dense: { kind: 'linear', epochs: 30, learningRate: 0.05, l2: 1e-4 },
    sparseWeights: SPARSE_WEIGHTS,
  },
};
