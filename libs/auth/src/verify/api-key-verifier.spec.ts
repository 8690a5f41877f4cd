import { describe, expect, it, vi } from 'vitest';
import { formatApiKeyToken, generateApiKeyToken } from '../keys/api-key-token';
import * as keyHash from '../keys/key-hash';
import type { ApiKeyStore, StoredApiKey } from '../store/api-key-store';
import { ApiKeyVerifier } from './api-key-verifier';

const CHEAP = { N: 1024, r: 8, p: 1 };

/** An in-memory store: the verifier needs only `find`. */
async function storeWithKey(): Promise<{ store: ApiKeyStore; stored: StoredApiKey; header: string }> {
  const token = generateApiKeyToken();
  const stored: StoredApiKey = {
    id: token.id,
    name: 'crawler',
    role: 'ingest',
    created_at: '2026-12-01T00:00:00.000Z',
    revoked_at: null,
    hash: await keyHash.hashKeySecret(token.secret, CHEAP),
  };
  const keys = new Map([[stored.id, stored]]);
  const store: ApiKeyStore = {
    find: async (id) => keys.get(id),
    list: async () => [],
    add: async (key) => void keys.set(key.id, key),
    revoke: async () => {
      throw new Error('not used');
    },
  };
  return { store, stored, header: `Bearer ${formatApiKeyToken(token)}` };
}

describe('ApiKeyVerifier', () => {
  it('accepts a valid key and returns its public record, without the hash', async () => {
    const { store, header } = await storeWithKey();
    const result = await new ApiKeyVerifier(store).authenticate(header);
    expect(result).toEqual({
      ok: true,
      key: expect.objectContaining({ name: 'crawler', role: 'ingest', revoked_at: null }),
    });
    expect(JSON.stringify(result)).not.toContain('scrypt');
  });

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['Basic dXNlcjpwYXNz', 'malformed'],
    ['Bearer not-a-key', 'malformed'],
    [`Bearer rtk_0123456789abcdef_${'a'.repeat(43)}`, 'unknown'],
  ])('refuses %j as %s', async (header, failure) => {
    const { store } = await storeWithKey();
    expect(await new ApiKeyVerifier(store).authenticate(header)).toEqual({ ok: false, failure });
  });

  it('refuses the right id with the wrong secret', async () => {
    const { store, stored } = await storeWithKey();
    const header = `Bearer rtk_${stored.id}_${'b'.repeat(43)}`;
    expect(await new ApiKeyVerifier(store).authenticate(header)).toEqual({
      ok: false,
      failure: 'wrong_secret',
    });
  });

  it('pays scrypt once per key while the cache holds, and again after it expires', async () => {
    const { store, header } = await storeWithKey();
    const verify = vi.spyOn(keyHash, 'verifyKeySecret');
    const cached = new ApiKeyVerifier(store, { cacheTtlMs: 60_000 });
    await Promise.all([cached.authenticate(header), cached.authenticate(header)]);
    for (let i = 0; i < 5; i++) expect((await cached.authenticate(header)).ok).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);

    const uncached = new ApiKeyVerifier(store, { cacheTtlMs: 0 });
    await uncached.authenticate(header);
    await uncached.authenticate(header);
    expect(verify).toHaveBeenCalledTimes(3);
    verify.mockRestore();
  });

  it('remembers a refused secret, so resending it costs no scrypt', async () => {
    const { store, stored } = await storeWithKey();
    const verify = vi.spyOn(keyHash, 'verifyKeySecret');
    const verifier = new ApiKeyVerifier(store);
    const wrong = `Bearer rtk_${stored.id}_${'b'.repeat(43)}`;
    for (let i = 0; i < 5; i++)
      expect(await verifier.authenticate(wrong)).toEqual({ ok: false, failure: 'wrong_secret' });
    expect(verify).toHaveBeenCalledTimes(1);
    verify.mockRestore();
  });

  it('refuses a revoked key at once, even while its verification is cached', async () => {
    const { store, stored, header } = await storeWithKey();
    const verifier = new ApiKeyVerifier(store);
    expect((await verifier.authenticate(header)).ok).toBe(true);
    await store.add({ ...stored, revoked_at: '2026-12-02T00:00:00.000Z' });
    expect(await verifier.authenticate(header)).toEqual({ ok: false, failure: 'revoked' });
  });

  it('turns checks away as busy beyond the concurrency bound instead of queueing scrypt', async () => {
    const { store, stored } = await storeWithKey();
    const verifier = new ApiKeyVerifier(store, { maxConcurrentChecks: 2 });
    const guesses = ['c', 'd', 'e'].map((c) =>
      verifier.authenticate(`Bearer rtk_${stored.id}_${c.repeat(43)}`),
    );
    expect(await Promise.all(guesses)).toEqual([
      { ok: false, failure: 'wrong_secret' },
      { ok: false, failure: 'wrong_secret' },
      { ok: false, failure: 'busy' },
    ]);
  });
});
