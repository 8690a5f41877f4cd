import { sql, type Kysely } from 'kysely';
import type { StoreMigration } from './store-migration';

/**
 * `deleted_posts`: the posts their sources deleted (`posts.deleted`), so that the store erases them and
 * never stores them again. Evidence edges get an index on each post column: a deletion looks up the
 * edges naming the post, which would otherwise scan every edge for each batch of deletions.
 */
export const deletedPosts: StoreMigration = {
  name: '0002-deleted-posts',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('deleted_posts')
      .addColumn('post_id', 'text', (c) => c.primaryKey())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'timestamptz', (c) => c.notNull())
      .addColumn('erased_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    for (const column of ['post_a', 'post_b'])
      await db.schema
        .createIndex(`evidence_edges_by_${column}`)
        .on('evidence_edges')
        .column(column)
        .execute();
  },
};
