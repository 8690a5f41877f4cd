import type { Command } from 'commander';
import { CliError } from '../cli-error';

/** The api's store as the environment names it (DATABASE_URL, else PGlite in RIPTIDE_PGLITE_DIR), closed after. */
async function withStore<T>(run: (store: import('@riptide/store').Store) => Promise<T>): Promise<T> {
  const { openStore, storeOptionsFromEnv } = await import('@riptide/store');
  const store = await openStore(storeOptionsFromEnv());
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

export function registerDbCommands(program: Command): void {
  const db = program
    .command('db')
    .description(
      "the api's analyst store: PostgreSQL at DATABASE_URL, else PGlite in RIPTIDE_PGLITE_DIR (default .local/pglite); with PGlite, stop the api first",
    );

  db.command('migrate')
    .description('apply pending migrations (the api also does at start); idempotent')
    .action(async () => {
      const { migrateToLatest } = await import('@riptide/store');
      await withStore(async (store) => {
        const applied = await migrateToLatest(store.db);
        process.stdout.write(
          `${store.describe()}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}\n`,
        );
      });
    });

  db.command('status')
    .description('migrations applied and pending, materialised rows per table and where each materialiser is')
    .option('--json', 'print the status as JSON', false)
    .action(async (options: { json: boolean }) => {
      const { storeStatus } = await import('./db-status');
      const status = await withStore(storeStatus);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${status.store}\n`);
      for (const m of status.migrations)
        process.stdout.write(`migration ${m.name}: ${m.executed_at ?? 'pending'}\n`);
      for (const [table, rows] of Object.entries(status.rows))
        process.stdout.write(`${table.padEnd(20)} ${rows}\n`);
      for (const o of status.offsets)
        process.stdout.write(`offset ${o.topic}[${o.partition}] next ${o.next_offset} (${o.updated_at})\n`);
    });

  db.command('reset')
    .description(
      "empty every materialised table and the materialisers' offsets (API keys and topics stay); the api rebuilds them from the topics at its next start",
    )
    .option('--yes', 'confirm: the rows are gone until the api has read the topics again', false)
    .option('--force', 'reset even though a materialiser wrote within the last minute', false)
    .action(async (options: { yes: boolean; force: boolean }) => {
      if (!options.yes)
        throw new CliError('reset empties the analyst store: run it again with --yes to confirm', 2);
      const { migrateToLatest, resetStore } = await import('@riptide/store');
      await withStore(async (store) => {
        await migrateToLatest(store.db);
        // A running api would go on from its group's offsets and never rebuild what the reset removed.
        const latest = await store.db
          .selectFrom('materialiser_offsets')
          .select((eb) => eb.fn.max('updated_at').as('at'))
          .executeTakeFirst();
        const idleSeconds = latest?.at
          ? (Date.now() - new Date(latest.at as unknown as Date).getTime()) / 1000
          : Infinity;
        if (idleSeconds < 60 && !options.force)
          throw new CliError(
            `the api seems to be materialising (offsets written ${Math.round(idleSeconds)} s ago): stop it first, then reset (or pass --force)`,
            2,
          );
        await resetStore(store.db);
        process.stdout.write(
          `${store.describe()}: materialised rows and offsets removed; restart the api to rebuild them from the topics\n`,
        );
      });
    });
}
