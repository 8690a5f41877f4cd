import { SENTIMENT_LABELS, STANCE_LABELS, type SentimentLabel, type StanceLabel } from '@riptide/contracts';
import type { TextClassifier, TierModels, Topic } from '@riptide/nlp';
import { scoringModel, type ScoringModel } from './scoring-model';

/** A configured classifier beyond the tier: it replaces the tier's model for its task (and target). */
export interface PluggableClassifier {
  readonly classifier: TextClassifier;
  /** Stance only: the target it scores; without one it scores every stance target. */
  readonly target?: string;
}

/** How one topic is scored for stance: the model and the stance target it is asked about. */
export interface TopicStanceModel {
  readonly model: ScoringModel<StanceLabel>;
  readonly target: string;
}

/** The models one scorer instance scores with, resolved per topic once at start. */
export interface ScoringModels {
  readonly sentiment: ScoringModel<SentimentLabel>;
  /** The stance model of a topic; undefined for a topic without a `stance` block (sentiment only). */
  stanceFor(topicId: string): TopicStanceModel | undefined;
  /** Every distinct model, for logs and the model card of a deployment. */
  readonly modelIds: readonly string[];
  close(): Promise<void>;
}

/**
 * Resolves which classifier scores what. Sentiment: a pluggable sentiment classifier if configured,
 * else the tier's. Stance per topic: the pluggable classifier its `stance.model` names; else one
 * configured for its `stance.target`; else the tier's stance model (which scores any target). A topic
 * whose `stance.model` names a tier scores with this deployment's tier: the tier is chosen per
 * deployment (SCORER_TIER), and `tierNames` lets a typo be told from a tier name.
 */
export function resolveScoringModels(
  tier: TierModels,
  pluggable: readonly PluggableClassifier[],
  topics: readonly Topic[],
  tierNames: readonly string[],
): ScoringModels {
  const bySentiment = pluggable.find((entry) => entry.classifier.task === 'sentiment');
  const sentiment = scoringModel(bySentiment?.classifier ?? tier.sentiment, SENTIMENT_LABELS);
  const tierStance = scoringModel(tier.stance, STANCE_LABELS);
  const stanceModels = new Map<TextClassifier, ScoringModel<StanceLabel>>([[tier.stance, tierStance]]);
  const stanceOf = (classifier: TextClassifier) => {
    let model = stanceModels.get(classifier);
    if (!model) stanceModels.set(classifier, (model = scoringModel(classifier, STANCE_LABELS)));
    return model;
  };
  const stancePluggable = pluggable.filter((entry) => entry.classifier.task === 'stance');

  const byTopic = new Map<string, TopicStanceModel>();
  for (const topic of topics) {
    if (!topic.stance) continue;
    const { model, target } = topic.stance;
    const named = model === undefined ? undefined : stancePluggable.find((entry) => entry.classifier.id === model);
    if (model !== undefined && !named && !tierNames.includes(model)) {
      throw new Error(
        `topic ${topic.id}: stance.model "${model}" is neither a tier (${tierNames.join(', ')}) nor the id of a configured stance classifier (${stancePluggable.map((entry) => entry.classifier.id).join(', ') || 'none configured'})`,
      );
    }
    const forTarget = stancePluggable.find((entry) => entry.target === target) ?? stancePluggable.find((entry) => entry.target === undefined);
    byTopic.set(topic.id, { model: stanceOf((named ?? forTarget)?.classifier ?? tier.stance), target });
  }

  const used = [sentiment, ...[...byTopic.values()].map((entry) => entry.model)];
  const classifiers = new Set([tier.sentiment, tier.stance, ...pluggable.map((entry) => entry.classifier)]);
  return {
    sentiment,
    stanceFor: (topicId) => byTopic.get(topicId),
    modelIds: [...new Set(used.map((entry) => entry.modelId))],
    async close() {
      await Promise.all([...classifiers].map((classifier) => classifier.close()));
    },
  };
}
