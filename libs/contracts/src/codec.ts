import { describeReceived, type ContractViolation } from './contract-violation';
import { violationFromAjvError } from './ajv-error-to-violation';
import { isJsonObject, type JsonObject } from './json-object';
import { jsonSchemaValidator } from './json-schema-validator';

export type { ContractViolation } from './contract-violation';

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: ContractViolation };

/** Reads and writes one versioned message type. Every value carries `schema: '<name>/v<n>'`. */
export interface Codec<T> {
  /** e.g. `post/v1`. */
  readonly schema: string;
  /** The JSON schema, for docs and OpenAPI. */
  readonly jsonSchema: object;
  /** Parse and check. */
  decode(bytes: Buffer | string): DecodeResult<T>;
  /**
   * Check an already-parsed value. Normalises in place rather than copying, because this runs for
   * every message: absent optional arrays are filled with `[]` and, for `Post`, unknown top-level
   * fields move into `extra`. The value returned on success is the same object.
   */
  check(value: unknown): DecodeResult<T>;
  /** Serialise without checking: the type already says the value is well formed. */
  encode(value: T): Buffer;
}

export interface CodecDefinition<T> {
  schema: string;
  jsonSchema: object;
  /** Reshapes a raw object before the schema runs (Post keeps unknown fields on `extra`). */
  normalise?(value: JsonObject): ContractViolation | null;
  /** Rules spanning several fields, which JSON schema can state but not explain; runs after the schema passed. */
  crossFieldRules?(value: T): ContractViolation | null;
}

function notAnObject(value: unknown): ContractViolation {
  return {
    code: 'not_an_object',
    field: null,
    message: `the message must be a JSON object, got ${describeReceived(value)}`,
  };
}

function wrongSchema(expected: string, received: unknown): ContractViolation {
  const message =
    received === undefined
      ? `field \`schema\` is required and must be "${expected}"`
      : `field \`schema\` must be "${expected}", got ${describeReceived(received)}: this consumer reads ${expected} only`;
  return { code: 'wrong_schema', field: 'schema', message };
}

export function invalidJson(cause: unknown): ContractViolation {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return { code: 'invalid_json', field: null, message: `the message is not valid JSON: ${reason}` };
}

/** Compiles the schema once, now, so that no message pays for it. */
export function defineCodec<T>(definition: CodecDefinition<T>): Codec<T> {
  const { schema, jsonSchema, normalise, crossFieldRules } = definition;
  const validate = jsonSchemaValidator.compile<T>(jsonSchema);

  const check = (value: unknown): DecodeResult<T> => {
    if (!isJsonObject(value)) return { ok: false, error: notAnObject(value) };
    if (value.schema !== schema) return { ok: false, error: wrongSchema(schema, value.schema) };
    const reshaped = normalise?.(value);
    if (reshaped) return { ok: false, error: reshaped };
    if (!validate(value)) {
      // With allErrors off, Ajv stops at the first failure: that is the one reported.
      return { ok: false, error: violationFromAjvError(validate.errors![0], schema) };
    }
    const broken = crossFieldRules?.(value);
    if (broken) return { ok: false, error: broken };
    return { ok: true, value };
  };

  return {
    schema,
    jsonSchema,
    check,
    decode(bytes) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
      } catch (error) {
        return { ok: false, error: invalidJson(error) };
      }
      return check(parsed);
    },
    encode(value) {
      return Buffer.from(JSON.stringify(value), 'utf8');
    },
  };
}
