import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../engine/open-store';
import { migrateToLatest, migrationStatus, STORE_MIGRATIONS } from '../migrations/migrate';
import { resetStore } from '../migrations/reset-store';
import type { StoreFactory } from './store-factory';

const TABLES = [
  'accounts',
  'api_keys',
  'cluster_history',
  'cluster_members',
  'clusters',
  'deleted_posts',
  'evidence_edges',
  'materialiser_offsets',
  'object_hours',
  'opinion_estimates',
  'opinion_shifts',
  'riptide_migrations',
  'shared_objects',
  'topics',
];

export function migrationSuite(open: StoreFactory): void {
  describe('migrations', () => {
    let store: Store;
    afterEach(() => store?.close());

    it('creates exactly the tables of the schema, once, and reports them applied', async () => {
      store = await open();
      expect((await migrationStatus(store.db)).every((m) => m.executed_at === null)).toBe(true);
      expect(await migrateToLatest(store.db)).toEqual(STORE_MIGRATIONS.map((m) => m.name));
      expect(await migrateToLatest(store.db)).toEqual([]);
      const { rows } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = current_schema() order by table_name`.execute(store.db);
      expect(rows.map((row) => row.table_name)).toEqual(TABLES);
      const status = await migrationStatus(store.db);
      expect(status.map((m) => m.name)).toEqual(STORE_MIGRATIONS.map((m) => m.name));
      expect(status.every((m) => m.executed_at !== null)).toBe(true);
    });

    it('lets two concurrent starts migrate without a conflict', async () => {
      store = await open();
      const [first, second] = await Promise.all([migrateToLatest(store.db), migrateToLatest(store.db)]);
      expect([...first, ...second]).toEqual(STORE_MIGRATIONS.map((m) => m.name));
    });

    it('refuses a second unrevoked key with the same name, allows one once revoked', async () => {
      store = await open();
      await migrateToLatest(store.db);
      const key = (key_id: string, revoked_at: string | null) => ({
        key_id,
        name: 'crawler',
        role: 'reader',
        hash: '{}',
        created_at: '2026-12-01T00:00:00Z',
        revoked_at,
      });
      await store.db.insertInto('api_keys').values(key('00000000000000aa', '2026-12-02T00:00:00Z')).execute();
      await store.db.insertInto('api_keys').values(key('00000000000000bb', null)).execute();
      await expect(
        store.db.insertInto('api_keys').values(key('00000000000000cc', null)).execute(),
      ).rejects.toThrow(/api_keys_unrevoked_name|duplicate key/);
    });

    it('reset empties the materialised tables and their offsets, keeping api keys, topics and deleted posts', async () => {
      store = await open();
      await migrateToLatest(store.db);
      await store.db
        .insertInto('api_keys')
        .values({ key_id: '00000000000000aa', name: 'a', role: 'admin', hash: '{}', created_at: new Date() })
        .execute();
      await store.db
        .insertInto('topics')
        .values({
          topic_id: 't',
          name: 'T',
          stance_target: 'x',
          stance_model: 'm',
          hashtags: '[]',
          keywords: '[]',
        })
        .execute();
      await store.db
        .insertInto('accounts')
        .values({ account_id: 'a1', first_seen_at: new Date(), last_seen_at: new Date(), edge_count: 1 })
        .execute();
      await store.db
        .insertInto('materialiser_offsets')
        .values({ topic: 'shares', partition: 0, next_offset: 5 })
        .execute();
      await store.db
        .insertInto('deleted_posts')
        .values({ post_id: 'p1', platform: 'bluesky', deleted_at: new Date() })
        .execute();
      await resetStore(store.db);
      expect(await store.db.selectFrom('accounts').selectAll().execute()).toEqual([]);
      expect(await store.db.selectFrom('materialiser_offsets').selectAll().execute()).toEqual([]);
      expect(await store.db.selectFrom('api_keys').select('key_id').execute()).toHaveLength(1);
      expect(await store.db.selectFrom('topics').select('topic_id').execute()).toHaveLength(1);
      expect(await store.db.selectFrom('deleted_posts').select('post_id').execute()).toHaveLength(1);
    });
  });
}
