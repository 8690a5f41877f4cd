import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** A slow hash of a key's secret with everything needed to check it again: salt and cost parameters. */
export interface KeyHash {
  readonly algorithm: 'scrypt';
  /** CPU/memory cost (a power of two). */
  readonly N: number;
  readonly r: number;
  readonly p: number;
  /** base64 */
  readonly salt: string;
  /** base64 */
  readonly hash: string;
}

/**
 * scrypt at N=2^15, r=8, p=1: 32 MiB and about 50-100 ms per hash. The secrets are 256 random bits, so
 * no dictionary applies; the slow hash is defence in depth should the key file leak. Parameters are
 * stored with each hash, so raising them later leaves existing keys valid.
 */
export const DEFAULT_SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;

export async function hashKeySecret(
  secret: string,
  cost: { N: number; r: number; p: number } = DEFAULT_SCRYPT_COST,
): Promise<KeyHash> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(secret, salt, HASH_BYTES, cost);
  return { algorithm: 'scrypt', ...cost, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

/** Whether `secret` hashes to `stored`, compared in constant time. */
export async function verifyKeySecret(secret: string, stored: KeyHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await scryptAsync(secret, Buffer.from(stored.salt, 'base64'), expected.length, stored);
  return timingSafeEqual(actual, expected);
}

/** node:crypto's scrypt off the event loop (libuv's thread pool); maxmem sized for the cost. */
function scryptAsync(
  secret: string,
  salt: Buffer,
  length: number,
  { N, r, p }: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}
