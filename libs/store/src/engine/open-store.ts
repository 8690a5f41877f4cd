import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { ConfigError, envString } from '@riptide/observability';
import type { Database } from '../schema/database';
import { lockFolder } from './folder-lock';
import { PGLITE_ANALYZE_INTERVAL_MS, refreshPlannerStatistics } from './planner-statistics';

export type StoreEngine = 'postgres' | 'pglite';

/** The analyst store: one Kysely handle over PostgreSQL or an embedded PGlite. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly engine: StoreEngine;
  /** Where the data lives, for logs: the PostgreSQL host/port/database (never the password) or the PGlite folder. */
  describe(): string;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://… : PostgreSQL through a pg Pool. Takes precedence over pgliteDir. */
  readonly databaseUrl?: string;
  /** PGlite's data folder, or `memory://` for a throw-away in-memory database. */
  readonly pgliteDir?: string;
}

/** In-memory PGlite: nothing on disk, gone when the store closes (tests). */
export const PGLITE_MEMORY = 'memory://';

/**
 * DATABASE_URL selects PostgreSQL; without it the store is an embedded PGlite in RIPTIDE_PGLITE_DIR
 * (default `<RIPTIDE_LOCAL_DIR or .local>/pglite`), so a checkout runs the api with no database server.
 */
export function storeOptionsFromEnv(env: Record<string, string | undefined> = process.env): StoreOptions {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) return { databaseUrl };
  const localDir = envString('RIPTIDE_LOCAL_DIR', '.local', env);
  const pgliteDir = envString('RIPTIDE_PGLITE_DIR', resolve(localDir, 'pglite'), env);
  return { pgliteDir: pgliteDir === PGLITE_MEMORY ? pgliteDir : resolve(pgliteDir) };
}

/** Opens (without migrating) the store the options name; PGlite in memory when they name none. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.pgliteDir ?? PGLITE_MEMORY);
}

function openPostgres(databaseUrl: string): Store {
  let described: string;
  try {
    const url = new URL(databaseUrl);
    described = `postgres ${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    throw new ConfigError('DATABASE_URL: not a URL (expected postgres://user:password@host:port/database)');
  }
  // Pool errors on idle clients (a restarted server) would otherwise crash the process; the next
  // query reconnects and reports its own error.
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', describe: () => described, close: () => db.destroy() };
}

async function openPglite(dir: string): Promise<Store> {
  const inMemory = dir === PGLITE_MEMORY;
  if (!inMemory) mkdirSync(dir, { recursive: true });
  const unlock = inMemory ? () => undefined : lockFolder(dir);
  let pglite: PGlite;
  try {
    // bigint as string, as pg returns it: rows read the same on both engines (the schema's Int8).
    pglite = await PGlite.create(inMemory ? undefined : dir, {
      parsers: { [types.INT8]: (value: string) => value },
    });
  } catch (error) {
    unlock();
    throw error;
  }
  // Kysely serialises queries on PGlite's single connection (its adapter declares no multiple connections).
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  // A failed refresh leaves the previous statistics: the next interval tries again.
  const statistics = setInterval(
    () => void refreshPlannerStatistics(db).catch(() => undefined),
    PGLITE_ANALYZE_INTERVAL_MS,
  ).unref();
  return {
    db,
    engine: 'pglite',
    describe: () => (inMemory ? 'pglite in memory' : `pglite ${dir}`),
    close: async () => {
      clearInterval(statistics);
      try {
        await db.destroy();
        // Kysely closes PGlite only once a query ran.
        if (!pglite.closed) await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}
