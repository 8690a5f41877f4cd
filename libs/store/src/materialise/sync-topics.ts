import type { Kysely } from 'kysely';
import type { Topic } from '@riptide/nlp';
import type { Database } from '../schema/database';

/**
 * Makes the `topics` table the configured registry (config/topics.json): upserts every topic and
 * deletes those no longer configured. Topics are configuration, not stream data: the api calls this at
 * every start, and clusters materialised afterwards match their objects against these topics.
 */
export async function syncTopics(db: Kysely<Database>, topics: readonly Topic[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ids = topics.map((topic) => topic.id);
    await (
      ids.length > 0 ? trx.deleteFrom('topics').where('topic_id', 'not in', ids) : trx.deleteFrom('topics')
    ).execute();
    if (topics.length === 0) return;
    await trx
      .insertInto('topics')
      .values(
        topics.map((topic) => ({
          topic_id: topic.id,
          name: topic.name,
          stance_target: topic.stance?.target ?? '',
          // '' when the topic has no stance or leaves the tier to the scorer's default.
          stance_model: topic.stance?.model ?? '',
          hashtags: JSON.stringify(topic.hashtags),
          keywords: JSON.stringify(topic.keywords),
        })),
      )
      .onConflict((conflict) =>
        conflict.column('topic_id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          stance_target: eb.ref('excluded.stance_target'),
          stance_model: eb.ref('excluded.stance_model'),
          hashtags: eb.ref('excluded.hashtags'),
          keywords: eb.ref('excluded.keywords'),
        })),
      )
      .execute();
  });
}
