import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { envString } from '@riptide/observability';
import {
  API_KEY_ROLES,
  ApiKeyInfo,
  ApiKeyStore,
  ApiKeyStoreError,
  keyInfo,
  looksLikeKeyId,
  StoredApiKey,
} from './api-key-store';

export interface FileApiKeyStoreOptions {
  /** How often, at most, `find` checks whether the file changed (one stat). Bounds how long a revoked key keeps working. */
  readonly checkIntervalMs?: number;
}

interface KeyFile {
  readonly version: 1;
  readonly keys: StoredApiKey[];
}

/** Default check interval: a key revoked by `riptide apikey revoke` stops working within this time. */
export const KEY_FILE_CHECK_INTERVAL_MS = 1_000;

/**
 * API keys in one JSON file (mode 0600), rewritten whole and atomically (a temporary file renamed over
 * it), so a reader sees the old file or the new one, never half of one. Services keep the keys in
 * memory and look at the file's identity (inode, size, mtime) at most every `checkIntervalMs`, rereading
 * it when another process (the CLI) changed it. A missing file means no keys. A file that cannot be read
 * or parsed fails every lookup (closed), naming the file and the problem.
 */
export class FileApiKeyStore implements ApiKeyStore {
  private keys = new Map<string, StoredApiKey>();
  private fileIdentity: string | undefined;
  private checkedAt = -Infinity;
  private checking: Promise<void> | undefined;
  private readonly checkIntervalMs: number;

  constructor(
    readonly path: string,
    options: FileApiKeyStoreOptions = {},
  ) {
    this.checkIntervalMs = options.checkIntervalMs ?? KEY_FILE_CHECK_INTERVAL_MS;
  }

  async find(id: string): Promise<StoredApiKey | undefined> {
    if (Date.now() - this.checkedAt >= this.checkIntervalMs) await this.reloadIfChanged();
    return this.keys.get(id);
  }

  async list(): Promise<ApiKeyInfo[]> {
    await this.reloadIfChanged();
    return [...this.keys.values()].map(keyInfo);
  }

  async add(key: StoredApiKey): Promise<void> {
    await this.reloadIfChanged();
    const taken = [...this.keys.values()].find((k) => k.name === key.name && k.revoked_at === null);
    if (taken) throw new ApiKeyStoreError(`name: "${key.name}" is taken by key ${taken.id}; revoke it first`);
    if (this.keys.has(key.id)) throw new ApiKeyStoreError(`id: ${key.id} exists already`);
    await this.write([...this.keys.values(), key]);
  }

  async revoke(idOrName: string): Promise<ApiKeyInfo> {
    await this.reloadIfChanged();
    const all = [...this.keys.values()];
    const target = looksLikeKeyId(idOrName)
      ? this.keys.get(idOrName)
      : all.find((key) => key.name === idOrName && key.revoked_at === null);
    if (!target) throw new ApiKeyStoreError(`no key with the id or unrevoked name "${idOrName}"`);
    if (target.revoked_at !== null) return keyInfo(target);
    const revoked = { ...target, revoked_at: new Date().toISOString() };
    await this.write(all.map((key) => (key.id === target.id ? revoked : key)));
    return keyInfo(revoked);
  }

  /** Concurrent callers share one check. */
  private reloadIfChanged(): Promise<void> {
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async check(): Promise<void> {
    try {
      const identity = await fileIdentity(this.path);
      if (identity !== this.fileIdentity) {
        this.keys = identity === 'missing' ? new Map() : parseKeyFile(await readJson(this.path), this.path);
        this.fileIdentity = identity;
      }
      this.checkedAt = Date.now();
    } catch (error) {
      // Fail closed: forget the keys, so that a file broken while someone revokes a key does not keep it alive.
      this.keys = new Map();
      this.fileIdentity = undefined;
      throw error instanceof ApiKeyStoreError
        ? error
        : new ApiKeyStoreError(`${this.path}: ${(error as Error).message}`);
    }
  }

  private async write(keys: StoredApiKey[]): Promise<void> {
    const file: KeyFile = { version: 1, keys };
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    this.fileIdentity = undefined;
    await this.reloadIfChanged();
  }
}

/** RIPTIDE_API_KEYS_FILE, else `<RIPTIDE_LOCAL_DIR or .local>/api-keys.json` (relative to the working directory). */
export function apiKeysFileFromEnv(env: Record<string, string | undefined> = process.env): string {
  const localDir = envString('RIPTIDE_LOCAL_DIR', '.local', env);
  return resolve(envString('RIPTIDE_API_KEYS_FILE', resolve(localDir, 'api-keys.json'), env));
}

/** Changes whenever the file is replaced or rewritten: inode, size and modification time. */
function fileIdentity(path: string): Promise<string> {
  return stat(path).then(
    (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return 'missing';
      throw error;
    },
  );
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}

/** Checks a key file field by field, naming the first problem. */
function parseKeyFile(parsed: unknown, path: string): Map<string, StoredApiKey> {
  const fail = (field: string, problem: string) => {
    throw new ApiKeyStoreError(`${path}: ${field} ${problem}`);
  };
  if (!isRecord(parsed) || parsed.version !== 1 || !Array.isArray(parsed.keys))
    fail('(top level)', 'must be {"version": 1, "keys": [...]}');
  const keys = (parsed as { keys: unknown[] }).keys;
  keys.forEach((key, index) => {
    const at = `keys[${index}]`;
    if (!isRecord(key)) return fail(at, 'must be an object');
    if (typeof key.id !== 'string' || !looksLikeKeyId(key.id)) fail(`${at}.id`, 'must be 16 hex digits');
    if (typeof key.name !== 'string' || key.name === '') fail(`${at}.name`, 'must be a non-empty string');
    if (!API_KEY_ROLES.includes(key.role as never))
      fail(`${at}.role`, `must be one of ${API_KEY_ROLES.join(', ')}`);
    if (typeof key.created_at !== 'string') fail(`${at}.created_at`, 'must be a timestamp');
    if (key.revoked_at !== null && typeof key.revoked_at !== 'string')
      fail(`${at}.revoked_at`, 'must be null or a timestamp');
    const hash = key.hash;
    if (
      !isRecord(hash) ||
      hash.algorithm !== 'scrypt' ||
      ![hash.N, hash.r, hash.p].every((n) => Number.isInteger(n) && (n as number) > 0) ||
      typeof hash.salt !== 'string' ||
      typeof hash.hash !== 'string'
    )
      fail(`${at}.hash`, 'must be {algorithm: "scrypt", N, r, p, salt, hash}');
  });
  return new Map((keys as StoredApiKey[]).map((key) => [key.id, key]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
