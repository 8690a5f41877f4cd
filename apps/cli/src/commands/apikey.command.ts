import type { Command } from 'commander';
import { CliError } from '../cli-error';

/**
 * The key file the services read (RIPTIDE_API_KEYS_FILE, else .local/api-keys.json), or with
 * `database` the api's key table (DATABASE_URL, else PGlite in RIPTIDE_PGLITE_DIR, migrated first so a
 * fresh store works); store errors become CLI errors.
 */
async function withKeyStore<T>(
  run: (store: import('@riptide/auth').ApiKeyStore) => Promise<T>,
  database = false,
): Promise<T> {
  const { ApiKeyStoreError, apiKeysFileFromEnv, FileApiKeyStore } = await import('@riptide/auth');
  try {
    if (!database) return await run(new FileApiKeyStore(apiKeysFileFromEnv()));
    const { DatabaseApiKeyStore, migrateToLatest, openStore, storeOptionsFromEnv } =
      await import('@riptide/store');
    const store = await openStore(storeOptionsFromEnv());
    try {
      await migrateToLatest(store.db);
      return await run(new DatabaseApiKeyStore(store.db));
    } finally {
      await store.close();
    }
  } catch (error) {
    if (error instanceof ApiKeyStoreError) throw new CliError(error.message, 2);
    throw error;
  }
}

// PGlite is one process's folder: with the embedded store, stop the api first (or use its /v1/keys).
const DATABASE_OPTION = [
  '--database',
  "the api's keys in its database (DATABASE_URL, else PGlite in RIPTIDE_PGLITE_DIR: stop the api first) instead of the key file",
  false,
] as const;

export function registerApiKeyCommands(program: Command): void {
  const apikey = program
    .command('apikey')
    .description(
      "API keys for the HTTP services (hashed with scrypt in RIPTIDE_API_KEYS_FILE, default .local/api-keys.json; with --database, in the api's store)",
    );

  apikey
    .command('create')
    .description('make a key and print it once on stdout: only its hash is kept')
    .requiredOption('--name <name>', 'who or what uses it (unique among unrevoked keys)')
    .requiredOption(
      '--role <role>',
      'ingest (POST /v1/posts, /v1/authors), reader (API reads) or admin (everything)',
    )
    .option('--json', 'print {id, name, role, created_at, key} as JSON', false)
    .option(...DATABASE_OPTION)
    .action(async (options: { name: string; role: string; json: boolean; database: boolean }) => {
      const { issueApiKey } = await import('@riptide/auth');
      const { key, token } = await withKeyStore(
        (store) => issueApiKey(store, options.name, options.role),
        options.database,
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...key, key: token })}\n`);
        return;
      }
      process.stderr.write(
        `created key ${key.id} "${key.name}" (role ${key.role}); it is shown once, keep it now; send it as "Authorization: Bearer <key>"\n`,
      );
      process.stdout.write(`${token}\n`);
    });

  apikey
    .command('list')
    .description('list keys: id, name, role, created, revoked (never a key or a hash)')
    .option('--json', 'print the list as JSON', false)
    .option(...DATABASE_OPTION)
    .action(async (options: { json: boolean; database: boolean }) => {
      const keys = await withKeyStore((store) => store.list(), options.database);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
        return;
      }
      if (keys.length === 0) {
        process.stdout.write('no keys (riptide apikey create --name N --role R)\n');
        return;
      }
      const rows = [
        ['id', 'name', 'role', 'created', 'revoked'],
        ...keys.map((k) => [k.id, k.name, k.role, k.created_at, k.revoked_at ?? '-']),
      ];
      const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
      for (const row of rows)
        process.stdout.write(
          `${row
            .map((cell, column) => cell.padEnd(widths[column]))
            .join('  ')
            .trimEnd()}\n`,
        );
    });

  apikey
    .command('revoke')
    .argument('<id-or-name>', 'the key id (16 hex digits) or the name of an unrevoked key')
    .description(
      'revoke a key; services refuse it within about a second (the api within 2 s with --database)',
    )
    .option(...DATABASE_OPTION)
    .action(async (idOrName: string, options: { database: boolean }) => {
      const key = await withKeyStore((store) => store.revoke(idOrName), options.database);
      process.stdout.write(`revoked key ${key.id} "${key.name}" (role ${key.role}) at ${key.revoked_at}\n`);
    });
}
