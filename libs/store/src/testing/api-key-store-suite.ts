import type { StoredApiKey } from '@riptide/auth';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../engine/open-store';
import { DatabaseApiKeyStore } from '../keys/database-api-key-store';
import { migratedStore, type StoreFactory } from './store-factory';

const HASH = { algorithm: 'scrypt', N: 1024, r: 8, p: 1, salt: 'c2FsdA==', hash: 'aGFzaA==' } as const;
const key = (id: string, name: string, role: StoredApiKey['role'] = 'reader'): StoredApiKey => ({
  id,
  name,
  role,
  created_at: '2026-12-01T00:00:00.000Z',
  revoked_at: null,
  hash: HASH,
});
const ID_A = '00000000000000aa';
const ID_B = '00000000000000bb';

export function apiKeyStoreSuite(open: StoreFactory): void {
  describe('DatabaseApiKeyStore', () => {
    let store: Store;
    beforeAll(async () => {
      store = await migratedStore(open);
    });
    afterAll(() => store?.close());
    beforeEach(async () => {
      await store.db.deleteFrom('api_keys').execute();
    });

    it('has no keys in an empty table', async () => {
      const keys = new DatabaseApiKeyStore(store.db);
      expect(await keys.list()).toEqual([]);
      expect(await keys.find(ID_A)).toBeUndefined();
    });

    it('stores a key with its hash and reads it back from another instance', async () => {
      await new DatabaseApiKeyStore(store.db).add(key(ID_A, 'analyst', 'admin'));
      const other = new DatabaseApiKeyStore(store.db);
      expect(await other.find(ID_A)).toEqual(key(ID_A, 'analyst', 'admin'));
      expect(await other.list()).toEqual([
        {
          id: ID_A,
          name: 'analyst',
          role: 'admin',
          created_at: '2026-12-01T00:00:00.000Z',
          revoked_at: null,
        },
      ]);
    });

    it('refuses a name an unrevoked key already has, and allows it again after revocation', async () => {
      const keys = new DatabaseApiKeyStore(store.db);
      await keys.add(key(ID_A, 'analyst'));
      await expect(keys.add(key(ID_B, 'analyst'))).rejects.toThrow(
        /name: "analyst" is taken by key 00000000000000aa/,
      );
      expect((await keys.revoke('analyst')).revoked_at).not.toBeNull();
      await keys.add(key(ID_B, 'analyst'));
      expect((await keys.list()).map((k) => [k.id, k.revoked_at === null])).toEqual([
        [ID_A, false],
        [ID_B, true],
      ]);
      await expect(keys.add(key(ID_B, 'other'))).rejects.toThrow(/id: 00000000000000bb exists already/);
    });

    it('lets only one of two concurrent adds of a name win', async () => {
      const results = await Promise.allSettled([
        new DatabaseApiKeyStore(store.db).add(key(ID_A, 'analyst')),
        new DatabaseApiKeyStore(store.db).add(key(ID_B, 'analyst')),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await new DatabaseApiKeyStore(store.db).list()).toHaveLength(1);
    });

    it('revokes by id or by name, keeps a revocation, and says when there is no such key', async () => {
      const keys = new DatabaseApiKeyStore(store.db);
      await keys.add(key(ID_A, 'one'));
      await keys.add(key(ID_B, 'two'));
      const first = await keys.revoke(ID_A);
      expect(first.name).toBe('one');
      expect(await keys.revoke(ID_A)).toEqual(first);
      expect((await keys.revoke('two')).id).toBe(ID_B);
      await expect(keys.revoke('three')).rejects.toThrow(/no key with the id or unrevoked name "three"/);
    });

    it('notices a revocation by another process within its refresh interval, one of its own at once', async () => {
      const service = new DatabaseApiKeyStore(store.db, { refreshIntervalMs: 50 });
      const cli = new DatabaseApiKeyStore(store.db);
      await cli.add(key(ID_A, 'crawler'));
      await service.add(key(ID_B, 'reader'));
      expect((await service.find(ID_A))?.revoked_at).toBeNull();
      await cli.revoke(ID_A);
      await new Promise((done) => setTimeout(done, 60));
      expect((await service.find(ID_A))?.revoked_at).not.toBeNull();
      await service.revoke(ID_B);
      expect((await service.find(ID_B))?.revoked_at).not.toBeNull();
    });

    it('fails closed, naming the field, when a row is broken', async () => {
      const keys = new DatabaseApiKeyStore(store.db, { refreshIntervalMs: 0 });
      await keys.add(key(ID_A, 'crawler'));
      await sql`update api_keys set role = 'superuser'`.execute(store.db);
      await expect(keys.find(ID_A)).rejects.toThrow(/api_keys\[00000000000000aa\]\.role must be one of/);
      await sql`update api_keys set role = 'reader', hash = '{'`.execute(store.db);
      await expect(keys.find(ID_A)).rejects.toThrow(/\.hash must be the JSON of a KeyHash/);
    });
  });
}
