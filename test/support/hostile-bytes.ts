/** One kind of hostile message value: what a broken or malicious producer could write to a topic. */
export interface HostileValue {
  readonly kind: string;
  readonly value: Buffer;
}

/** Deterministic bytes for a test: a small xorshift generator, seeded. */
function seededBytes(seed: number, length: number): Buffer {
  let state = seed >>> 0 || 1;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/**
 * Hostile values for a topic whose messages must be JSON objects of schema `schema`, built around one
 * valid value of it (`valid`): garbage, broken encodings, the wrong shape, hostile keys and sizes.
 * None may stop a consumer; each must reach the topic's dead-letter topic with a reason.
 */
export function hostileValues(schema: string, valid: Record<string, unknown>): HostileValue[] {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  return [
    { kind: 'random bytes', value: seededBytes(7, 512) },
    { kind: 'invalid UTF-8', value: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xa0, 0xa1, 0xff, 0x22, 0x7d]) },
    { kind: 'empty value', value: Buffer.alloc(0) },
    { kind: 'truncated JSON', value: json(valid).subarray(0, 20) },
    { kind: 'JSON array', value: json([valid]) },
    { kind: 'JSON string', value: json('just a string') },
    { kind: 'no schema', value: json({ ...valid, schema: undefined }) },
    { kind: 'other schema', value: json({ ...valid, schema: `${schema}9` }) },
    { kind: 'wrong types', value: json(Object.fromEntries(Object.keys(valid).map((key) => [key, 12345]))) },
    { kind: 'deep nesting (100,000 levels)', value: Buffer.from(deep(100_000)) },
    {
      kind: 'deep nesting inside a valid object',
      value: Buffer.from(`${json(valid).toString().slice(0, -1)},"nested":${deep(5_000)}}`),
    },
    {
      kind: '__proto__ and constructor keys',
      value: Buffer.from(
        `${json(valid).toString().slice(0, -1)},"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`,
      ),
    },
    { kind: 'huge number', value: Buffer.from(`${json(valid).toString().slice(0, -1)},"huge":1e999999}`) },
    { kind: 'huge string (2 MB)', value: json({ ...valid, schema, id: 'x'.repeat(2_000_000) }) },
    { kind: 'huge array (200,000 items)', value: json({ ...valid, items: new Array(200_000).fill(0) }) },
  ];
}
