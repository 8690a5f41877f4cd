import type { KeyHash } from '../keys/key-hash';

/** What a key may do: `ingest` writes posts and authors, `reader` reads the API, `admin` may do everything. */
export type ApiKeyRole = 'ingest' | 'reader' | 'admin';
export const API_KEY_ROLES: readonly ApiKeyRole[] = ['ingest', 'reader', 'admin'];

/** What may be shown about a key: never its secret or hash. */
export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly role: ApiKeyRole;
  readonly created_at: string;
  /** When it was revoked; null while it is valid. */
  readonly revoked_at: string | null;
}

export interface StoredApiKey extends ApiKeyInfo {
  readonly hash: KeyHash;
}

/**
 * Where Riptide's API keys live, one store for every HTTP service. The file store is the default; a
 * service with a database can implement the same interface. `find` sits on the request path, so it must
 * be cheap (in memory, refreshed in the background or by a cheap check), and must notice a revocation
 * within a bounded time that the implementation documents.
 */
export interface ApiKeyStore {
  /** The key with this id, revoked or not; undefined when there is none. */
  find(id: string): Promise<StoredApiKey | undefined>;
  list(): Promise<ApiKeyInfo[]>;
  /** Adds a key; rejects when its name is taken by a key that is not revoked. */
  add(key: StoredApiKey): Promise<void>;
  /** Revokes the key with this id, or the unrevoked key with this name; rejects when there is none. */
  revoke(idOrName: string): Promise<ApiKeyInfo>;
}

export class ApiKeyStoreError extends Error {
  override readonly name = 'ApiKeyStoreError';
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Rejects a name or role a person typed wrongly, saying which and why. */
export function checkKeyNameAndRole(name: string, role: string): asserts role is ApiKeyRole {
  if (!NAME.test(name) || looksLikeKeyId(name))
    throw new ApiKeyStoreError(
      `name: "${name}" must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, and not 16 hex digits (a key id)`,
    );
  if (!API_KEY_ROLES.includes(role as ApiKeyRole))
    throw new ApiKeyStoreError(`role: "${role}" is not one of ${API_KEY_ROLES.join(', ')}`);
}

/** The public part of a stored key. */
export function keyInfo({ id, name, role, created_at, revoked_at }: StoredApiKey): ApiKeyInfo {
  return { id, name, role, created_at, revoked_at };
}

/** Key ids are the 16 hex digits of the token; a name never looks like one. */
export function looksLikeKeyId(text: string): boolean {
  return /^[0-9a-f]{16}$/.test(text);
}
