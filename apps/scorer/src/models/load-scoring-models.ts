import { ConfigError } from '@riptide/observability';
import { classifierTier, classifierTierNames, HfTextClassifier, type TierModels, type Topic } from '@riptide/nlp';
import type { ScorerConfig } from '../scorer-config';
import { resolveScoringModels, type PluggableClassifier, type ScoringModels } from './scoring-models';

/** Loads the configured tier (and pluggable classifiers) and resolves the model of every topic. */
export async function loadScoringModels(config: ScorerConfig, topics: readonly Topic[]): Promise<ScoringModels> {
  if (!classifierTierNames().includes(config.tier)) {
    throw new ConfigError(`SCORER_TIER: unknown tier "${config.tier}"; this build has ${classifierTierNames().join(', ')}`);
  }
  const tier: TierModels = await classifierTier(config.tier).load({ modelsDir: config.modelsDir, intraOpThreads: config.inferenceThreads });
  const pluggable: PluggableClassifier[] = [];
  try {
    for (const manifestPath of config.classifierManifests) {
      const classifier = await HfTextClassifier.load(manifestPath);
      pluggable.push({ classifier, target: classifier.manifest.target });
    }
    return resolveScoringModels(tier, pluggable, topics, classifierTierNames());
  } catch (error) {
    await Promise.all([tier.sentiment, tier.stance, ...pluggable.map((entry) => entry.classifier)].map((classifier) => classifier.close()));
    throw error;
  }
}
