export type * from './schema/database';
export { openStore, storeOptionsFromEnv, PGLITE_MEMORY } from './engine/open-store';
export type { Store, StoreEngine, StoreOptions } from './engine/open-store';
export { LOCAL_POSTGRES_URL, scratchPostgresDatabase } from './engine/scratch-postgres';
export type { ScratchDatabase } from './engine/scratch-postgres';
export { migrateToLatest, migrationStatus, STORE_MIGRATIONS } from './migrations/migrate';
export type { MigrationState } from './migrations/migrate';
export { MATERIALISED_TABLES, resetStore } from './migrations/reset-store';
export * from './queries';
