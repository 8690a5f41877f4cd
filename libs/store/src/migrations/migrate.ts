import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database';
import { analystStore } from './0001-analyst-store';
import { deletedPosts } from './0002-deleted-posts';
import type { StoreMigration } from './store-migration';

/** Every migration, oldest first. Provided in code: nothing is scanned on disk, so bundles and swc runs agree. */
export const STORE_MIGRATIONS: readonly StoreMigration[] = [analystStore, deletedPosts];

const MIGRATIONS_TABLE = 'riptide_migrations';
/** Arbitrary, fixed: the advisory lock that makes two processes starting at once migrate one after the other. */
const MIGRATION_LOCK = 1_871_802_018;

export interface MigrationState {
  readonly name: string;
  /** When it was applied; null while pending. */
  readonly executed_at: string | null;
}

/**
 * Applies the pending migrations in one transaction (PostgreSQL's DDL is transactional: all or none),
 * under an advisory lock so that concurrent starts do not race. Kysely's own Migrator lives in the
 * `kysely/migration` subpath, which this CommonJS build (moduleResolution node10) cannot resolve;
 * this is the same idea in a few lines. Returns the names it applied.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await createMigrationsTable(trx);
    const done = new Set((await executed(trx)).keys());
    const applied: string[] = [];
    for (const migration of STORE_MIGRATIONS) {
      if (done.has(migration.name)) continue;
      await migration.up(trx as unknown as Kysely<unknown>);
      await sql`insert into ${sql.table(MIGRATIONS_TABLE)} (name) values (${migration.name})`.execute(trx);
      applied.push(migration.name);
    }
    return applied;
  });
}

/** Each known migration with when it ran (null: pending), for `riptide db status`. */
export async function migrationStatus(db: Kysely<Database>): Promise<MigrationState[]> {
  const ran = (await tableExists(db, MIGRATIONS_TABLE)) ? await executed(db) : new Map<string, Date>();
  return STORE_MIGRATIONS.map(({ name }) => ({
    name,
    executed_at: ran.get(name)?.toISOString() ?? null,
  }));
}

async function createMigrationsTable(db: Kysely<Database>): Promise<void> {
  await sql`create table if not exists ${sql.table(MIGRATIONS_TABLE)} (
    name text primary key,
    executed_at timestamptz not null default now()
  )`.execute(db);
}

async function executed(db: Kysely<Database>): Promise<Map<string, Date>> {
  const { rows } = await sql<{ name: string; executed_at: Date }>`
    select name, executed_at from ${sql.table(MIGRATIONS_TABLE)}`.execute(db);
  return new Map(rows.map((row) => [row.name, new Date(row.executed_at)]));
}

export async function tableExists(db: Kysely<Database>, table: string): Promise<boolean> {
  const { rows } = await sql<{ found: string | null }>`select to_regclass(${table})::text as found`.execute(
    db,
  );
  return rows[0]?.found != null;
}
