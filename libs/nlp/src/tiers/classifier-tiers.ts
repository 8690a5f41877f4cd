import type { TextClassifier } from '../inference/text-classifier';

export interface TierLoadOptions {
  /** Folder of the tier's model files; each tier has its own default. */
  readonly modelsDir?: string;
  readonly intraOpThreads?: number;
}

/** The classifiers a deployment scores with: one for sentiment, one for stance. */
export interface TierModels {
  readonly sentiment: TextClassifier;
  readonly stance: TextClassifier;
}

/** A named set of models, loaded on demand so that choosing one tier never loads another's files. */
export interface ClassifierTier {
  readonly name: string;
  readonly description: string;
  load(options?: TierLoadOptions): Promise<TierModels>;
}

const tiers = new Map<string, ClassifierTier>();

/** Adds a tier (the small tier registers itself in small-tier.ts; the accurate tier in embeddings/). */
export function registerClassifierTier(tier: ClassifierTier): void {
  if (tiers.has(tier.name)) throw new Error(`tier: "${tier.name}" is already registered`);
  tiers.set(tier.name, tier);
}

export function classifierTier(name: string): ClassifierTier {
  const tier = tiers.get(name);
  if (!tier)
    throw new Error(`tier: unknown tier "${name}"; known tiers: ${[...tiers.keys()].join(', ') || 'none'}`);
  return tier;
}

export function classifierTierNames(): string[] {
  return [...tiers.keys()];
}
