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
 * The tiers that topics name in `stance.model`, beyond pluggable classifiers of that id; a name that
 * is neither is an error naming the topic, so that a typo is not scored silently by another model.
 */
export function tiersNamedByTopics(
  topics: readonly Topic[],
  pluggable: readonly PluggableClassifier[],
  tierNames: readonly string[],
): string[] {
  const stanceIds = pluggable.filter((entry) => entry.classifier.task === 'stance').map((entry) => entry.classifier.id);
  const named = new Set<string>();
  for (const topic of topics) {
    const model = topic.stance?.model;
    if (model === undefined || stanceIds.includes(model)) continue;
    if (!tierNames.includes(model)) {
      throw new Error(
        `topic ${topic.id}: stance.model "${model}" is neither a tier (${tierNames.join(', ')}) nor the id of a configured stance classifier (${stanceIds.join(', ') || 'none configured'})`,
      );
    }
    named.add(model);
  }
  return [...named];
}

/**
 * Resolves which classifier scores what. Sentiment: a pluggable sentiment classifier if configured,
 * else the deployment tier's. Stance per topic, the first that applies: the pluggable classifier its
 * `stance.model` names; the tier it names (each tier serves its own topics, so one scorer runs
 * several); a pluggable classifier configured for its `stance.target`; the deployment tier's stance
 * model (which scores any target). Every observation's `model` names the model that scored it.
 */
export function resolveScoringModels(
  deployment: TierModels,
  pluggable: readonly PluggableClassifier[],
  topics: readonly Topic[],
  tierNames: readonly string[],
  /** Tiers that topics name, by name, used (and kept open) for stance only; the deployment's may be among them. */
  namedTiers: ReadonlyMap<string, TierModels> = new Map(),
): ScoringModels {
  const bySentiment = pluggable.find((entry) => entry.classifier.task === 'sentiment');
  const sentiment = scoringModel(bySentiment?.classifier ?? deployment.sentiment, SENTIMENT_LABELS);
  const stanceModels = new Map<TextClassifier, ScoringModel<StanceLabel>>();
  const stanceOf = (classifier: TextClassifier) => {
    let model = stanceModels.get(classifier);
    if (!model) stanceModels.set(classifier, (model = scoringModel(classifier, STANCE_LABELS)));
    return model;
  };
  const stancePluggable = pluggable.filter((entry) => entry.classifier.task === 'stance');
  tiersNamedByTopics(topics, pluggable, tierNames);

  const byTopic = new Map<string, TopicStanceModel>();
  for (const topic of topics) {
    if (!topic.stance) continue;
    const { model, target } = topic.stance;
    const named = stancePluggable.find((entry) => entry.classifier.id === model)?.classifier;
    const namedTier = model === undefined || named ? undefined : namedTiers.get(model);
    if (model !== undefined && !named && !namedTier)
      throw new Error(`topic ${topic.id}: its stance tier "${model}" was not loaded`);
    const forTarget =
      stancePluggable.find((entry) => entry.target === target) ?? stancePluggable.find((entry) => entry.target === undefined);
    const classifier = named ?? namedTier?.stance ?? forTarget?.classifier ?? deployment.stance;
    byTopic.set(topic.id, { model: stanceOf(classifier), target });
  }

  const used = [sentiment, ...[...byTopic.values()].map((entry) => entry.model)];
  // A tier other than the deployment's had its sentiment model closed when it was loaded.
  const open = new Set<TextClassifier>([
    deployment.sentiment,
    deployment.stance,
    ...[...namedTiers.values()].map((models) => models.stance),
    ...pluggable.map((entry) => entry.classifier),
  ]);
  return {
    sentiment,
    stanceFor: (topicId) => byTopic.get(topicId),
    modelIds: [...new Set(used.map((entry) => entry.modelId))],
    async close() {
      await Promise.all([...open].map((classifier) => classifier.close()));
    },
  };
}
