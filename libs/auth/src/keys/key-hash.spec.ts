import { describe, expect, it } from 'vitest';
import { hashKeySecret, verifyKeySecret } from './key-hash';

// A cheap cost keeps the spec fast; the default is exercised once.
const CHEAP = { N: 1024, r: 8, p: 1 };

describe('key hashing', () => {
  it('verifies the secret it hashed, with the default cost stored beside the hash', async () => {
    const stored = await hashKeySecret('the secret');
    expect(stored).toMatchObject({ algorithm: 'scrypt', N: 32768, r: 8, p: 1 });
    expect(await verifyKeySecret('the secret', stored)).toBe(true);
    expect(await verifyKeySecret('the secreT', stored)).toBe(false);
  });

  it('salts every hash, so one secret hashed twice gives two hashes that both verify', async () => {
    const first = await hashKeySecret('same', CHEAP);
    const second = await hashKeySecret('same', CHEAP);
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    expect(await verifyKeySecret('same', first)).toBe(true);
    expect(await verifyKeySecret('same', second)).toBe(true);
  });

  it('checks with the cost stored in the hash, not the current default', async () => {
    const stored = await hashKeySecret('old key', CHEAP);
    expect(stored.N).toBe(1024);
    expect(await verifyKeySecret('old key', stored)).toBe(true);
    expect(await verifyKeySecret('old key', { ...stored, N: 2048 })).toBe(false);
  });

  it('never holds the secret in the stored form', async () => {
    const stored = await hashKeySecret('plain-secret-value', CHEAP);
    expect(JSON.stringify(stored)).not.toContain('plain-secret-value');
  });
});
