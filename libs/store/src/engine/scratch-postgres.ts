import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL of a development machine and of the tests: trust auth, database `test`. */
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A database created for one run, dropped after it. */
export interface ScratchDatabase {
  readonly name: string;
  /** The server URL with this database in place of the original one. */
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database `<prefix>_<random>` on the server of `serverUrl` (DATABASE_URL, else the
 * local one), for tests and benchmarks that must not touch each other's rows. `drop` disconnects
 * whoever is still connected (WITH (FORCE)) so a test that leaked a pool still cleans up.
 */
export async function scratchPostgresDatabase(
  prefix: string,
  serverUrl: string = process.env.DATABASE_URL || LOCAL_POSTGRES_URL,
): Promise<ScratchDatabase> {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(prefix))
    throw new Error(
      `prefix: "${prefix}" must be 1-41 lower-case letters, digits or '_', starting with a letter`,
    );
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`),
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
