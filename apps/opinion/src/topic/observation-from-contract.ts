import { SENTIMENT_LABELS, STANCE_LABELS, type StanceObservation } from '@riptide/contracts';
import type { OpinionObservation } from '@riptide/opinion';

/**
 * The domain's view of a `stance-observation/v1`. The contract guarantees the labels and that the
 * probabilities sum to one; observations from scorers before the sentiment model was named carry the
 * stance model's id for both, which simply finds no sentiment confusion matrix.
 */
export function observationFromContract(observation: StanceObservation): OpinionObservation {
  return {
    authorId: observation.author_id,
    timeMs: Date.parse(observation.created_at),
    stance: { probs: observation.stance.probs, label: STANCE_LABELS.indexOf(observation.stance.label) },
    sentiment: {
      probs: observation.sentiment.probs,
      label: SENTIMENT_LABELS.indexOf(observation.sentiment.label),
    },
    demographics: observation.demographics,
    models: { stance: observation.model, sentiment: observation.sentiment_model ?? observation.model },
  };
}
