import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredApiKey } from './api-key-store';
import { apiKeysFileFromEnv, FileApiKeyStore } from './file-api-key-store';

const HASH = { algorithm: 'scrypt', N: 1024, r: 8, p: 1, salt: 'c2FsdA==', hash: 'aGFzaA==' } as const;
const key = (id: string, name: string, role: StoredApiKey['role'] = 'ingest'): StoredApiKey => ({
  id,
  name,
  role,
  created_at: '2026-12-01T00:00:00.000Z',
  revoked_at: null,
  hash: HASH,
});
const ID_A = '00000000000000aa';
const ID_B = '00000000000000bb';

describe('FileApiKeyStore', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'riptide-keys-'));
    path = join(dir, 'nested', 'api-keys.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has no keys while the file does not exist', async () => {
    const store = new FileApiKeyStore(path);
    expect(await store.list()).toEqual([]);
    expect(await store.find(ID_A)).toBeUndefined();
  });

  it('writes the file with mode 0600 and no temporary file left behind, and reads it back', async () => {
    await new FileApiKeyStore(path).add(key(ID_A, 'crawler'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).not.toContain('.tmp');
    const other = new FileApiKeyStore(path);
    expect(await other.find(ID_A)).toEqual(key(ID_A, 'crawler'));
    expect(await other.list()).toEqual([
      { id: ID_A, name: 'crawler', role: 'ingest', created_at: key(ID_A, '').created_at, revoked_at: null },
    ]);
  });

  it('refuses a name an unrevoked key already has, and allows it again after revocation', async () => {
    const store = new FileApiKeyStore(path);
    await store.add(key(ID_A, 'crawler'));
    await expect(store.add(key(ID_B, 'crawler'))).rejects.toThrow(
      /name: "crawler" is taken by key 00000000000000aa/,
    );
    expect((await store.revoke('crawler')).revoked_at).not.toBeNull();
    await store.add(key(ID_B, 'crawler'));
    expect((await store.list()).map((k) => [k.id, k.revoked_at === null])).toEqual([
      [ID_A, false],
      [ID_B, true],
    ]);
  });

  it('revokes by id or by name and says when there is no such key', async () => {
    const store = new FileApiKeyStore(path);
    await store.add(key(ID_A, 'one'));
    await store.add(key(ID_B, 'two'));
    expect((await store.revoke(ID_A)).name).toBe('one');
    expect((await store.revoke('two')).id).toBe(ID_B);
    await expect(store.revoke('three')).rejects.toThrow(/no key with the id or unrevoked name "three"/);
  });

  it('notices a revocation written by another process within its check interval', async () => {
    const service = new FileApiKeyStore(path, { checkIntervalMs: 50 });
    const cli = new FileApiKeyStore(path);
    await cli.add(key(ID_A, 'crawler'));
    expect((await service.find(ID_A))?.revoked_at).toBeNull();
    await cli.revoke(ID_A);
    await new Promise((done) => setTimeout(done, 60));
    expect((await service.find(ID_A))?.revoked_at).not.toBeNull();
  });

  it('fails closed, naming the field, when the file is broken', async () => {
    const store = new FileApiKeyStore(path, { checkIntervalMs: 0 });
    await store.add(key(ID_A, 'crawler'));
    const broken = JSON.parse(readFileSync(path, 'utf8'));
    broken.keys[0].role = 'superuser';
    writeFileSync(path, JSON.stringify(broken));
    await expect(store.find(ID_A)).rejects.toThrow(/keys\[0\]\.role must be one of ingest, reader, admin/);
    writeFileSync(path, '{"version": 1, "keys": [');
    await expect(store.find(ID_A)).rejects.toThrow(/api-keys\.json: .*JSON/);
  });

  it('takes its path from RIPTIDE_API_KEYS_FILE, else from RIPTIDE_LOCAL_DIR', () => {
    expect(apiKeysFileFromEnv({ RIPTIDE_API_KEYS_FILE: '/etc/riptide/keys.json' })).toBe(
      '/etc/riptide/keys.json',
    );
    expect(apiKeysFileFromEnv({ RIPTIDE_LOCAL_DIR: '/var/riptide' })).toBe('/var/riptide/api-keys.json');
    expect(apiKeysFileFromEnv({})).toBe(join(process.cwd(), '.local', 'api-keys.json'));
  });
});
