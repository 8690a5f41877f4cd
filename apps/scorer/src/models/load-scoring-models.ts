import { ConfigError } from '@riptide/observability';
import { classifierTier, classifierTierNames, HfTextClassifier, type TierModels, type Topic } from '@riptide/nlp';
import type { ScorerConfig } from '../scorer-config';
import { resolveScoringModels, tiersNamedByTopics, type PluggableClassifier, type ScoringModels } from './scoring-models';

/**
 * Loads the deployment's tier (SCORER_TIER), every other tier a topic names in `stance.model` (only
 * those: a tier no topic names is never loaded) and the pluggable classifiers, then resolves the
 * model of every topic. A tier loaded for stance alone has its sentiment model released at once.
 */
export async function loadScoringModels(config: ScorerConfig, topics: readonly Topic[]): Promise<ScoringModels> {
  const known = classifierTierNames();
  if (!known.includes(config.tier)) {
    throw new ConfigError(`SCORER_TIER: unknown tier "${config.tier}"; this build has ${known.join(', ')}`);
  }
  const pluggable: PluggableClassifier[] = [];
  let deployment: TierModels | undefined;
  const named = new Map<string, TierModels>();
  try {
    for (const manifestPath of config.classifierManifests) {
      const classifier = await HfTextClassifier.load(manifestPath);
      pluggable.push({ classifier, target: classifier.manifest.target });
    }
    const inference = { intraOpThreads: config.inferenceThreads };
    deployment = await classifierTier(config.tier).load({ modelsDir: config.modelsDir, ...inference });
    for (const name of tiersNamedByTopics(topics, pluggable, known)) {
      if (name === config.tier) {
        named.set(name, deployment);
        continue;
      }
      const models = await classifierTier(name).load(inference);
      named.set(name, models);
      await models.sentiment.close();
    }
    return resolveScoringModels(deployment, pluggable, topics, known, named);
  } catch (error) {
    const others = [...named].filter(([name]) => name !== config.tier).map(([, models]) => models.stance);
    const open = [...(deployment ? [deployment.sentiment, deployment.stance] : []), ...others];
    await Promise.all([...open, ...pluggable.map((entry) => entry.classifier)].map((classifier) => classifier.close()));
    throw error;
  }
}
