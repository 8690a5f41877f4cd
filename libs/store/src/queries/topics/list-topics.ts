import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../schema/database';
import { isoOrNull, json, num } from '../row-values';

export interface TopicSummary {
  topic_id: string;
  name: string;
  stance_target: string;
  stance_model: string;
  hashtags: string[];
  keywords: string[];
  /** Estimate rows stored (every measure, bucket and group). */
  estimates: number;
  last_bucket_end: string | null;
  shifts: number;
}

/** The configured topics with how much opinion data each has. Topics are few (configured by hand): no paging. */
export async function listTopics(db: Kysely<Database>): Promise<TopicSummary[]> {
  const rows = await db
    .selectFrom('topics as t')
    .selectAll('t')
    .select([
      (eb) =>
        eb
          .selectFrom('opinion_estimates as e')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('e.topic_id', '=', 't.topic_id')
          .as('estimates'),
      (eb) =>
        eb
          .selectFrom('opinion_estimates as e')
          .select(sql<Date | null>`max(e.bucket_end)`.as('last'))
          .whereRef('e.topic_id', '=', 't.topic_id')
          .as('last_bucket_end'),
      (eb) =>
        eb
          .selectFrom('opinion_shifts as s')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('s.topic_id', '=', 't.topic_id')
          .as('shifts'),
    ])
    .orderBy('t.topic_id')
    .execute();
  return rows.map((row) => ({
    topic_id: row.topic_id,
    name: row.name,
    stance_target: row.stance_target,
    stance_model: row.stance_model,
    hashtags: json(row.hashtags),
    keywords: json(row.keywords),
    estimates: num(row.estimates),
    last_bucket_end: isoOrNull(row.last_bucket_end),
    shifts: num(row.shifts),
  }));
}

export async function topicExists(db: Kysely<Database>, topicId: string): Promise<boolean> {
  return (
    (await db.selectFrom('topics').select('topic_id').where('topic_id', '=', topicId).executeTakeFirst()) !==
    undefined
  );
}
