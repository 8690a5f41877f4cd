import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCodecs } from './all-codecs';

// Every contract against its hand-written fixture file (fixtures/schemas/<name>.json): valid
// examples must decode and survive encode -> decode; each invalid case names the exact code and
// field its first error must carry. Invalid cases are the first valid example with a `patch`
// merged in or fields `remove`d, or a `raw` text.

interface InvalidCase {
  case: string;
  raw?: string;
  patch?: Record<string, unknown>;
  remove?: string[];
  code: string;
  field: string | null;
}

interface Fixture {
  valid: Record<string, unknown>[];
  invalid: InvalidCase[];
}

function loadFixture(schema: string): Fixture {
  const name = schema.split('/')[0];
  return JSON.parse(readFileSync(join(__dirname, '../fixtures/schemas', `${name}.json`), 'utf8')) as Fixture;
}

function invalidMessage(fixture: Fixture, invalid: InvalidCase): string {
  if (invalid.raw !== undefined) return invalid.raw;
  const value: Record<string, unknown> = { ...structuredClone(fixture.valid[0]), ...invalid.patch };
  for (const field of invalid.remove ?? []) delete value[field];
  return JSON.stringify(value);
}

describe.each(allCodecs.map((codec) => [codec.schema, codec] as const))('%s', (schema, codec) => {
  const fixture = loadFixture(schema);

  it('has good and bad fixtures', () => {
    expect(fixture.valid.length).toBeGreaterThan(0);
    expect(fixture.invalid.length).toBeGreaterThan(4);
  });

  it.each(fixture.valid.map((value, index) => [index, value] as const))(
    'accepts valid example %i',
    (_index, value) => {
      const decoded = codec.decode(JSON.stringify(value));
      expect(decoded).toMatchObject({ ok: true });
      if (!decoded.ok) return;
      expect(decoded.value).toMatchObject(value);
      expect(codec.decode(codec.encode(decoded.value))).toEqual({ ok: true, value: decoded.value });
    },
  );

  it.each(fixture.invalid.map((invalid) => [invalid.case, invalid] as const))(
    'rejects %s',
    (_name, invalid) => {
      const decoded = codec.decode(Buffer.from(invalidMessage(fixture, invalid)));
      expect(decoded.ok).toBe(false);
      if (decoded.ok) return;
      expect({ code: decoded.error.code, field: decoded.error.field }).toEqual({
        code: invalid.code,
        field: invalid.field,
      });
      if (invalid.field !== null) expect(decoded.error.message).toContain(`\`${invalid.field}\``);
    },
  );

  it('rejects a message of another schema as wrong_schema', () => {
    const other = allCodecs.find((candidate) => candidate !== codec)!;
    const decoded = codec.decode(JSON.stringify({ ...fixture.valid[0], schema: other.schema }));
    expect(decoded).toEqual({
      ok: false,
      error: {
        code: 'wrong_schema',
        field: 'schema',
        message: `field \`schema\` must be "${schema}", got "${other.schema}": this consumer reads ${schema} only`,
      },
    });
  });

  it('publishes a JSON schema that pins the schema name', () => {
    expect(codec.jsonSchema).toMatchObject({
      title: schema,
      type: 'object',
      properties: { schema: { const: schema } },
    });
  });
});
