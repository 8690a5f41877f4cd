import { sql } from 'kysely';
import type { MigrationState, Store } from '@riptide/store';

export interface StoreStatus {
  /** Where the store is (never a password). */
  readonly store: string;
  readonly migrations: MigrationState[];
  /** Rows per materialised table and api_keys; empty before the first migration. */
  readonly rows: Record<string, number>;
  readonly offsets: { topic: string; partition: number; next_offset: string; updated_at: string }[];
}

export async function storeStatus(store: Store): Promise<StoreStatus> {
  const { MATERIALISED_TABLES, migrationStatus } = await import('@riptide/store');
  const migrations = await migrationStatus(store.db);
  if (migrations.some((m) => m.executed_at === null))
    return { store: store.describe(), migrations, rows: {}, offsets: [] };
  const rows: Record<string, number> = {};
  for (const table of [
    ...MATERIALISED_TABLES.filter((t) => t !== 'materialiser_offsets'),
    'api_keys',
    'topics',
  ]) {
    const { rows: counted } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(
      store.db,
    );
    rows[table] = Number(counted[0].n);
  }
  const offsets = await store.db
    .selectFrom('materialiser_offsets')
    .selectAll()
    .orderBy('topic')
    .orderBy('partition')
    .execute();
  return {
    store: store.describe(),
    migrations,
    rows,
    offsets: offsets.map((o) => ({
      topic: o.topic,
      partition: o.partition,
      next_offset: String(o.next_offset),
      // Generated<Timestamp> reads back as a Date.
      updated_at: (o.updated_at as unknown as Date).toISOString(),
    })),
  };
}
