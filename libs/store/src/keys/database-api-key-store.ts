import type { Kysely, Selectable } from 'kysely';
import {
  ApiKeyStoreError,
  type ApiKeyInfo,
  type ApiKeyRole,
  type ApiKeyStore,
  type KeyHash,
  type StoredApiKey,
} from '@riptide/auth';
import type { ApiKeyTable, Database } from '../schema/database';

export interface DatabaseApiKeyStoreOptions {
  /** How old, at most, the keys `find` answers from may be. Bounds how long a revoked key keeps working. */
  readonly refreshIntervalMs?: number;
}

/** Default refresh interval: a key revoked in the database stops working within this time on every api. */
export const KEY_TABLE_REFRESH_INTERVAL_MS = 2_000;

const ROLES: readonly string[] = ['ingest', 'reader', 'admin'];
const UNIQUE_VIOLATION = '23505';

/**
 * API keys in the `api_keys` table, with the semantics of libs/auth's FileApiKeyStore: at most one
 * unrevoked key per name (also enforced by a partial unique index, so two CLIs cannot race past it),
 * revocation by id or by unrevoked name, hashes only. `find` sits on every request's path, so it
 * answers from an in-memory map of all keys reloaded at most every `refreshIntervalMs` (2 s by
 * default): a key revoked by another process (the CLI, another api) stops working within that time,
 * one revoked through this store at once. A table that cannot be read fails the lookup (closed).
 */
export class DatabaseApiKeyStore implements ApiKeyStore {
  private keys = new Map<string, StoredApiKey>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | undefined;
  private readonly refreshIntervalMs: number;

  constructor(
    private readonly db: Kysely<Database>,
    options: DatabaseApiKeyStoreOptions = {},
  ) {
    this.refreshIntervalMs = options.refreshIntervalMs ?? KEY_TABLE_REFRESH_INTERVAL_MS;
  }

  async find(id: string): Promise<StoredApiKey | undefined> {
    if (Date.now() - this.loadedAt >= this.refreshIntervalMs) await this.reload();
    return this.keys.get(id);
  }

  async list(): Promise<ApiKeyInfo[]> {
    const rows = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .orderBy('created_at')
      .orderBy('key_id')
      .execute();
    return rows.map((row) => info(storedKey(row)));
  }

  async add(key: StoredApiKey): Promise<void> {
    const taken = await this.unrevokedNamed(key.name);
    if (taken) throw takenError(key.name, taken.key_id);
    try {
      await this.db
        .insertInto('api_keys')
        .values({
          key_id: key.id,
          name: key.name,
          role: key.role,
          hash: JSON.stringify(key.hash),
          created_at: key.created_at,
          revoked_at: key.revoked_at,
        })
        .execute();
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      // Another process added the same name (or id) between the check and the insert.
      const racer = await this.unrevokedNamed(key.name);
      throw racer ? takenError(key.name, racer.key_id) : new ApiKeyStoreError(`id: ${key.id} exists already`);
    } finally {
      this.loadedAt = -Infinity;
    }
  }

  async revoke(idOrName: string): Promise<ApiKeyInfo> {
    try {
      const target = /^[0-9a-f]{16}$/.test(idOrName)
        ? await this.db.selectFrom('api_keys').selectAll().where('key_id', '=', idOrName).executeTakeFirst()
        : await this.unrevokedNamed(idOrName);
      if (!target) throw new ApiKeyStoreError(`no key with the id or unrevoked name "${idOrName}"`);
      if (target.revoked_at !== null) return info(storedKey(target));
      const revoked = await this.db
        .updateTable('api_keys')
        .set({ revoked_at: new Date().toISOString() })
        .where('key_id', '=', target.key_id)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      // Revoked concurrently by someone else: report the stored revocation.
      const row =
        revoked ??
        (await this.db
          .selectFrom('api_keys')
          .selectAll()
          .where('key_id', '=', target.key_id)
          .executeTakeFirstOrThrow());
      return info(storedKey(row));
    } finally {
      this.loadedAt = -Infinity;
    }
  }

  private unrevokedNamed(name: string): Promise<Selectable<ApiKeyTable> | undefined> {
    return this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('name', '=', name)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  /** Concurrent lookups share one reload. */
  private reload(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    try {
      const rows = await this.db.selectFrom('api_keys').selectAll().execute();
      this.keys = new Map(rows.map((row) => [row.key_id, storedKey(row)]));
      this.loadedAt = Date.now();
    } catch (error) {
      // Fail closed: a revocation must not be missed because the table could not be read.
      this.keys = new Map();
      this.loadedAt = -Infinity;
      throw error instanceof ApiKeyStoreError
        ? error
        : new ApiKeyStoreError(`api_keys: ${(error as Error).message}`);
    }
  }
}

function takenError(name: string, id: string): ApiKeyStoreError {
  return new ApiKeyStoreError(`name: "${name}" is taken by key ${id}; revoke it first`);
}

/** A row as libs/auth sees a key, its role and hash checked so a tampered row fails naming the field. */
function storedKey(row: Selectable<ApiKeyTable>): StoredApiKey {
  const at = `api_keys[${row.key_id}]`;
  if (!ROLES.includes(row.role)) throw new ApiKeyStoreError(`${at}.role must be one of ${ROLES.join(', ')}`);
  let hash: KeyHash;
  try {
    hash = JSON.parse(row.hash) as KeyHash;
  } catch {
    throw new ApiKeyStoreError(`${at}.hash must be the JSON of a KeyHash`);
  }
  if (hash?.algorithm !== 'scrypt' || typeof hash.salt !== 'string' || typeof hash.hash !== 'string')
    throw new ApiKeyStoreError(`${at}.hash must be {algorithm: "scrypt", N, r, p, salt, hash}`);
  return {
    id: row.key_id,
    name: row.name,
    role: row.role as ApiKeyRole,
    created_at: new Date(row.created_at).toISOString(),
    revoked_at: row.revoked_at === null ? null : new Date(row.revoked_at).toISOString(),
    hash,
  };
}

function info({ id, name, role, created_at, revoked_at }: StoredApiKey): ApiKeyInfo {
  return { id, name, role, created_at, revoked_at };
}
