import { defineCodec } from '../codec';
import { SENTIMENT_LABELS, STANCE_LABELS, type SentimentLabel, type StanceLabel } from '../labels';
import { closedObject, dateTime, identifier, map, modelId, schemaName } from './fragments';
import { labelledScoreSchema, probabilitiesSumToOne, type LabelledScore } from './probabilities';

export const STANCE_OBSERVATION_SCHEMA = 'stance-observation/v1';

/** One (post, matched topic) pair, keyed by topic so that one opinion instance owns each topic. */
export interface StanceObservation {
  schema: typeof STANCE_OBSERVATION_SCHEMA;
  post_id: string;
  author_id: string;
  topic_id: string;
  created_at: string;
  stance: LabelledScore<StanceLabel>;
  sentiment: LabelledScore<SentimentLabel>;
  /** Demographic cell of the author (dimension -> value); empty when unknown. */
  demographics: Record<string, string>;
  /** The stance model, `id@version`. */
  model: string;
  /** The sentiment model, `id@version`: the opinion service corrects sentiment shares with its confusion matrix. */
  sentiment_model?: string;
}

export const stanceObservationJsonSchema = {
  title: STANCE_OBSERVATION_SCHEMA,
  ...closedObject(
    {
      schema: schemaName(STANCE_OBSERVATION_SCHEMA),
      post_id: identifier,
      author_id: identifier,
      topic_id: identifier,
      created_at: dateTime,
      stance: labelledScoreSchema(STANCE_LABELS),
      sentiment: labelledScoreSchema(SENTIMENT_LABELS),
      demographics: map({ type: 'string', minLength: 1, maxLength: 128 }, 32),
      model: modelId,
      sentiment_model: modelId,
    },
    [
      'schema',
      'post_id',
      'author_id',
      'topic_id',
      'created_at',
      'stance',
      'sentiment',
      'demographics',
      'model',
    ],
  ),
};

export const stanceObservationCodec = defineCodec<StanceObservation>({
  schema: STANCE_OBSERVATION_SCHEMA,
  jsonSchema: stanceObservationJsonSchema,
  crossFieldRules: (observation) =>
    probabilitiesSumToOne('stance.probs', observation.stance.probs) ??
    probabilitiesSumToOne('sentiment.probs', observation.sentiment.probs),
});
