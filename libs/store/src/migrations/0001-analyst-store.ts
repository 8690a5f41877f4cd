import { sql, type Kysely } from 'kysely';
import type { StoreMigration } from './store-migration';

/**
 * The tables of `schema/database.ts`, with the indexes the read side needs: every list is a keyset
 * scan of (sort key, id), and cluster detail joins members and evidence edges by account and object.
 * Counts that can pass 2^31 are bigint; scores and durations are double precision.
 */
export const analystStore: StoreMigration = {
  name: '0001-analyst-store',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('topics')
      .addColumn('topic_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('stance_target', 'text', (c) => c.notNull())
      .addColumn('stance_model', 'text', (c) => c.notNull())
      .addColumn('hashtags', 'jsonb', (c) => c.notNull())
      .addColumn('keywords', 'jsonb', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('clusters')
      .addColumn('cluster_id', 'text', (c) => c.primaryKey())
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('edge_count', 'integer', (c) => c.notNull())
      .addColumn('density', 'double precision', (c) => c.notNull())
      .addColumn('delta_t_median_s', 'double precision', (c) => c.notNull())
      .addColumn('delta_t_iqr_s', 'double precision', (c) => c.notNull())
      .addColumn('coordination_score', 'double precision', (c) => c.notNull())
      .addColumn('dominant_signal', 'text')
      .addColumn('signals', 'jsonb', (c) => c.notNull())
      .addColumn('top_objects', 'jsonb', (c) => c.notNull())
      .addColumn('scores', 'jsonb', (c) => c.notNull())
      .addColumn('topic_ids', 'jsonb', (c) => c.notNull())
      .addColumn('evidence_summary', 'text')
      .execute();
    for (const key of ['updated_at', 'size', 'coordination_score', 'edge_count'])
      await db.schema.createIndex(`clusters_by_${key}`).on('clusters').columns([key, 'cluster_id']).execute();

    await db.schema
      .createTable('cluster_history')
      .addColumn('cluster_id', 'text', (c) => c.notNull())
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('edge_count', 'integer', (c) => c.notNull())
      .addColumn('coordination_score', 'double precision', (c) => c.notNull())
      .addColumn('joined', 'integer', (c) => c.notNull())
      .addColumn('left', 'integer', (c) => c.notNull())
      .addColumn('origins', 'jsonb', (c) => c.notNull())
      .addPrimaryKeyConstraint('cluster_history_pk', ['cluster_id', 'generation'])
      .execute();

    await db.schema
      .createTable('cluster_members')
      .addColumn('cluster_id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('degree', 'integer', (c) => c.notNull())
      .addColumn('strength', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('cluster_members_pk', ['cluster_id', 'account_id'])
      .execute();
    await db.schema
      .createIndex('cluster_members_by_account')
      .on('cluster_members')
      .column('account_id')
      .execute();

    await db.schema
      .createTable('evidence_edges')
      .addColumn('edge_id', 'text', (c) => c.primaryKey())
      .addColumn('signal', 'text', (c) => c.notNull())
      .addColumn('object_id', 'text', (c) => c.notNull())
      .addColumn('account_a', 'text', (c) => c.notNull())
      .addColumn('account_b', 'text', (c) => c.notNull())
      .addColumn('post_a', 'text', (c) => c.notNull())
      .addColumn('post_b', 'text', (c) => c.notNull())
      .addColumn('at_a', 'timestamptz', (c) => c.notNull())
      .addColumn('at_b', 'timestamptz', (c) => c.notNull())
      .addColumn('delta_t_s', 'double precision', (c) => c.notNull())
      .addColumn('detected_at', 'timestamptz', (c) => c.notNull())
      .execute();
    for (const column of ['account_a', 'account_b', 'object_id'])
      await db.schema
        .createIndex(`evidence_edges_by_${column}`)
        .on('evidence_edges')
        .column(column)
        .execute();

    await db.schema
      .createTable('accounts')
      .addColumn('account_id', 'text', (c) => c.primaryKey())
      .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
      .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
      .addColumn('edge_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('shared_objects')
      .addColumn('object_id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('first_shared_at', 'timestamptz', (c) => c.notNull())
      .addColumn('last_shared_at', 'timestamptz', (c) => c.notNull())
      .addColumn('shares', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('coordinated_shares', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    // The amplification ranking (coordinated shares first) and its keyset cursor.
    await db.schema
      .createIndex('shared_objects_by_coordinated_shares')
      .on('shared_objects')
      .columns(['coordinated_shares', 'object_id'])
      .execute();

    await db.schema
      .createTable('object_hours')
      .addColumn('object_id', 'text', (c) => c.notNull())
      .addColumn('hour', 'timestamptz', (c) => c.notNull())
      .addColumn('shares', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('object_hours_pk', ['object_id', 'hour'])
      .execute();

    await db.schema
      .createTable('opinion_estimates')
      .addColumn('topic_id', 'text', (c) => c.notNull())
      .addColumn('measure', 'text', (c) => c.notNull())
      .addColumn('bucket_start', 'timestamptz', (c) => c.notNull())
      .addColumn('bucket_end', 'timestamptz', (c) => c.notNull())
      .addColumn('group_dimension', 'text', (c) => c.notNull())
      .addColumn('group_value', 'text', (c) => c.notNull())
      .addColumn('n', 'double precision', (c) => c.notNull())
      .addColumn('n_eff', 'double precision', (c) => c.notNull())
      .addColumn('raw', 'jsonb', (c) => c.notNull())
      .addColumn('corrected', 'jsonb', (c) => c.notNull())
      .addColumn('weighted', 'jsonb', (c) => c.notNull())
      .addColumn('correction', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('confidence', 'double precision', (c) => c.notNull())
      .addColumn('estimated_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('opinion_estimates_pk', [
        'topic_id',
        'measure',
        'bucket_start',
        'group_dimension',
        'group_value',
      ])
      .execute();

    await db.schema
      .createTable('opinion_shifts')
      .addColumn('shift_id', 'text', (c) => c.primaryKey())
      .addColumn('topic_id', 'text', (c) => c.notNull())
      .addColumn('detector', 'text', (c) => c.notNull())
      .addColumn('group', 'jsonb', (c) => c.notNull())
      .addColumn('group_key', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('size', 'double precision', (c) => c.notNull())
      .addColumn('confidence', 'double precision', (c) => c.notNull())
      .addColumn('before', 'jsonb', (c) => c.notNull())
      .addColumn('after', 'jsonb', (c) => c.notNull())
      .addColumn('decomposition', 'jsonb')
      .addColumn('detected_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('opinion_shifts_by_topic')
      .on('opinion_shifts')
      .columns(['topic_id', 'detected_at'])
      .execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('key_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .execute();
    // One valid key per name, enforced by the database even with two CLIs adding at once.
    await db.schema
      .createIndex('api_keys_unrevoked_name')
      .on('api_keys')
      .column('name')
      .unique()
      .where(sql.ref('revoked_at'), 'is', null)
      .execute();

    await db.schema
      .createTable('materialiser_offsets')
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('partition', 'integer', (c) => c.notNull())
      .addColumn('next_offset', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('materialiser_offsets_pk', ['topic', 'partition'])
      .execute();
  },
};

export const ANALYST_TABLES = [
  'topics',
  'clusters',
  'cluster_history',
  'cluster_members',
  'evidence_edges',
  'accounts',
  'shared_objects',
  'object_hours',
  'opinion_estimates',
  'opinion_shifts',
  'api_keys',
  'materialiser_offsets',
] as const;
