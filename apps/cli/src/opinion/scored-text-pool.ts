import { SENTIMENT_LABELS, STANCE_LABELS } from '@riptide/contracts';
import type { Classification, TextClassifier, TierModels } from '@riptide/nlp';
import type { ScoredMeasure } from '@riptide/opinion';
import type { StanceTextPool } from './stance-text-pool';

/** The models' output for every text of a pool, computed once: a post reuses the output of its text. */
export interface ScoredTextPool {
  readonly stance: readonly ScoredMeasure[];
  readonly sentiment: readonly ScoredMeasure[];
  /** `id@version` per measure, as the scorer writes them on observations. */
  readonly models: { readonly stance: string; readonly sentiment: string };
}

/**
 * Scores each pool text once as the scorer does: stance with the topic's stance target, sentiment
 * without one, probabilities put in the contract's label order and rounded to the 4 decimals the
 * scorer writes. The models are deterministic, so reusing the cached output per text is the same as
 * scoring every post.
 */
export async function scoreTextPool(pool: StanceTextPool, models: TierModels): Promise<ScoredTextPool> {
  const stance = await models.stance.classify(pool.texts, { target: pool.target });
  const sentiment = await models.sentiment.classify(pool.texts);
  return {
    stance: stance.map((classification) => inContractOrder(models.stance, STANCE_LABELS, classification)),
    sentiment: sentiment.map((classification) =>
      inContractOrder(models.sentiment, SENTIMENT_LABELS, classification),
    ),
    models: { stance: modelIdOf(models.stance), sentiment: modelIdOf(models.sentiment) },
  };
}

function inContractOrder(
  classifier: TextClassifier,
  labels: readonly string[],
  classification: Classification,
): ScoredMeasure {
  const probs = labels.map((label) => {
    const column = classifier.labels.indexOf(label);
    if (column < 0) throw new Error(`model ${classifier.id}: has no "${label}" output`);
    return roundAsScorer(classification.probs[column]);
  });
  return { probs, label: labels.indexOf(classification.label) };
}

/** Probabilities as the scorer writes them: four decimals. */
export function roundAsScorer(probability: number): number {
  return Math.round(probability * 10_000) / 10_000;
}

/** `id@version` from the manifest the tier's classifiers carry. */
function modelIdOf(classifier: TextClassifier): string {
  const version = 'manifest' in classifier ? manifestVersion(classifier.manifest) : undefined;
  return `${classifier.id}@${version ?? 'unversioned'}`;
}

function manifestVersion(manifest: unknown): string | undefined {
  if (typeof manifest !== 'object' || manifest === null || !('version' in manifest)) return undefined;
  return typeof manifest.version === 'string' ? manifest.version : undefined;
}
