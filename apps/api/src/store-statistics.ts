import type { Logger } from '@riptide/observability';
import type { Store } from '@riptide/store';
import { sql } from 'kysely';

/** How often an embedded store's planner statistics are refreshed while the api runs. */
export const PGLITE_ANALYZE_INTERVAL_MS = 10 * 60_000;

/**
 * Refreshes the planner's statistics (ANALYZE). Without them PostgreSQL plans the cluster joins for
 * empty tables: a freshly loaded or restored store answers one cluster by scanning every evidence edge
 * (seconds, where the index path takes a millisecond). PostgreSQL's autovacuum keeps them current
 * afterwards; PGlite has no autovacuum, so there the api repeats this on a timer.
 */
export async function analyseStore(store: Store, log: Logger): Promise<void> {
  const started = performance.now();
  await sql`analyze`.execute(store.db);
  log.info(
    { store: store.describe(), ms: Math.round(performance.now() - started) },
    'store statistics refreshed',
  );
}

/** Starts the periodic refresh on PGlite; returns what stops it. */
export function keepStatisticsFresh(store: Store, log: Logger): () => void {
  if (store.engine !== 'pglite') return () => undefined;
  const timer = setInterval(() => {
    analyseStore(store, log).catch((error: Error) =>
      log.warn({ error: error.message }, 'could not refresh the store statistics'),
    );
  }, PGLITE_ANALYZE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
