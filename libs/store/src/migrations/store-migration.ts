import type { Kysely } from 'kysely';

/** One step of the schema, applied once, in order, inside the migration transaction. */
export interface StoreMigration {
  /** Recorded in `riptide_migrations`; never renamed once released. */
  readonly name: string;
  up(db: Kysely<unknown>): Promise<void>;
}
