import { Client } from 'pg';

/** A database created for one test or benchmark run, on a PostgreSQL server, and dropped after it. */
export interface ScratchDatabase {
  /** Its connection string (the server's, with this database's name). */
  readonly url: string;
  readonly name: string;
  /** Drops it, closing whatever connections are still open on it. */
  drop(): Promise<void>;
}

/** The server the tests and benchmarks use when DATABASE_URL does not name one. */
export const DEFAULT_SCRATCH_SERVER = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Creates an empty database named `<purpose>_<time>_<random>` on the server of `serverUrl` (default:
 * DATABASE_URL, else the local test server), so that runs never see each other's rows.
 */
export async function scratchPostgresDatabase(
  purpose: string,
  serverUrl = process.env.DATABASE_URL || DEFAULT_SCRATCH_SERVER,
): Promise<ScratchDatabase> {
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(purpose))
    throw new Error(
      `purpose: "${purpose}" must be 1-31 lower-case letters, digits or _, starting with a letter`,
    );
  const name = `${purpose}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
