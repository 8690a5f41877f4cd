import { defineCodec } from '../codec';
import { SENTIMENT_LABELS, STANCE_LABELS, type SentimentLabel, type StanceLabel } from '../labels';
import { authorProfileJsonSchema, type AuthorProfile } from './author-profile';
import { closedObject, dateTime, identifier, list, modelId, schemaName } from './fragments';
import { postJsonSchema, referencedPostMatchesKind, type Post } from './post';
import { labelledScoreSchema, probabilitiesSumToOne, type LabelledScore } from './probabilities';

export const SCORED_POST_SCHEMA = 'scored-post/v1';

export type SentimentScore = LabelledScore<SentimentLabel>;

/** The stance of a post toward one tracked topic it matched. */
export interface TopicStance extends LabelledScore<StanceLabel> {
  topic_id: string;
}

/** A post with its author joined and its model outputs, as the scorer writes it to `posts.scored`. */
export interface ScoredPost {
  schema: typeof SCORED_POST_SCHEMA;
  post: Post;
  /** The joined author profile; null when the `authors` topic has none yet. */
  author: AuthorProfile | null;
  sentiment: SentimentScore;
  /** One per matched topic; empty when the post matched none. */
  stances: TopicStance[];
  /** Model ids with versions (`id@version`), so any score can be traced to the model that made it. */
  models: { sentiment: string; stance?: string };
  scored_at: string;
}

const stanceSchema = labelledScoreSchema(STANCE_LABELS);

export const scoredPostJsonSchema = {
  title: SCORED_POST_SCHEMA,
  description:
    'probs follow the label order: sentiment [negative, neutral, positive], stance [none, against, favor]; each sums to 1.',
  ...closedObject(
    {
      schema: schemaName(SCORED_POST_SCHEMA),
      post: postJsonSchema,
      author: { ...authorProfileJsonSchema, type: ['object', 'null'] },
      sentiment: labelledScoreSchema(SENTIMENT_LABELS),
      stances: list({
        ...stanceSchema,
        properties: { topic_id: identifier, ...stanceSchema.properties },
        required: ['topic_id', ...stanceSchema.required],
      }),
      models: closedObject({ sentiment: modelId, stance: modelId }, ['sentiment']),
      scored_at: dateTime,
    },
    ['schema', 'post', 'author', 'sentiment', 'stances', 'models', 'scored_at'],
  ),
};

function scoredPostRules(scored: ScoredPost) {
  const sentiment = probabilitiesSumToOne('sentiment.probs', scored.sentiment.probs);
  if (sentiment) return sentiment;
  for (let i = 0; i < scored.stances.length; i++) {
    const stance = probabilitiesSumToOne(`stances[${i}].probs`, scored.stances[i].probs);
    if (stance) return stance;
  }
  return referencedPostMatchesKind(scored.post, 'post');
}

export const scoredPostCodec = defineCodec<ScoredPost>({
  schema: SCORED_POST_SCHEMA,
  jsonSchema: scoredPostJsonSchema,
  crossFieldRules: scoredPostRules,
});
