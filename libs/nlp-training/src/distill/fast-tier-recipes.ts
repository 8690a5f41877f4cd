import { weightRows, type DenseHeadInput, type FeaturiserSpec } from '@riptide/nlp';
import type { MixedHeadRecipe } from '../embeddings/train-mixed-head';
import { SENTIMENT_RECIPE, STANCE_RECIPE } from '../train/small-model-recipes';

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

/** Sentiment: the small model's n-grams and the accurate tier's MLP head (3 seeds averaged), epochs by CV. */
export const SENTIMENT_FAST: FastHeadRecipe = {
  id: 'sentiment-fast',
  task: 'sentiment',
  featuriser: SENTIMENT_RECIPE.featuriser,
  denseLayout: 'one-hot',
  training: {
    folds: 5,
    sparse: {
      dimensions: weightRows(SENTIMENT_RECIPE.featuriser),
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
 * Stance: the joint stance model's target-conjoined n-grams (no per-target blocks, as the accurate
 * tier) and a linear layer on the pooled vector with shared and per-target weights.
 */
export const STANCE_FAST: FastHeadRecipe = {
  id: 'stance-fast',
  task: 'stance',
  featuriser: { ...STANCE_RECIPE.featuriser, targetBlocks: undefined },
  denseLayout: 'per-target-copies',
  training: {
    folds: 5,
    sparse: {
      dimensions: STANCE_RECIPE.featuriser.dimensions,
      epochs: 10,
      learningRate: 0.1,
      l2: 1e-4,
      nbFeatureScaling: true,
    },
    dense: { kind: 'linear', epochs: 30, learningRate: 0.05, l2: 1e-4 },
    sparseWeights: SPARSE_WEIGHTS,
  },
};
