import { openStore, PGLITE_MEMORY, type Store } from '../engine/open-store';
import { scratchPostgresDatabase } from '../engine/scratch-postgres';
import { migrateToLatest } from '../migrations/migrate';

/**
 * Opens an empty store for one test. The suites in this folder run on every engine: the libs/store
 * specs pass PGlite in memory, test/store-postgres.test.ts passes a fresh PostgreSQL database.
 */
export type StoreFactory = () => Promise<Store>;

export const memoryStore: StoreFactory = () => openStore({ pgliteDir: PGLITE_MEMORY });

/** A scratch database on the PostgreSQL server, dropped when the store closes. */
export function scratchPostgresStore(serverUrl?: string): StoreFactory {
  return async () => {
    const database = await scratchPostgresDatabase('riptide_store_test', serverUrl);
    const store = await openStore({ databaseUrl: database.url });
    return {
      ...store,
      close: async () => {
        await store.close();
        await database.drop();
      },
    };
  };
}

/** An empty store with the schema in place. */
export async function migratedStore(open: StoreFactory): Promise<Store> {
  const store = await open();
  await migrateToLatest(store.db);
  return store;
}
