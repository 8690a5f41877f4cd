/** Why a message does not satisfy its contract: the reason a dead letter carries. */
export interface ContractViolation {
  /**
   * `invalid_json`: a Kafka message is not JSON (a producer's bug, dead-lettered); `malformed_json`: a
   * frame from an outside live source is not JSON (the connector counts and skips it by this code).
   */
  code: 'invalid_json' | 'malformed_json' | 'not_an_object' | 'wrong_schema' | 'schema_violation';
  /** Path of the offending field, e.g. `created_at`, `urls[3]`, `author.age_group`; null for the whole message. */
  field: string | null;
  /** A sentence a person can act on, naming the field and the problem. */
  message: string;
}

export function schemaViolation(field: string, problem: string): ContractViolation {
  return { code: 'schema_violation', field, message: `field \`${field}\` ${problem}` };
}

const MAX_QUOTED_CHARS = 60;

/** A short rendering of a received value for "got ..." in messages; long strings are cut. */
export function describeReceived(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  switch (typeof value) {
    case 'string':
      return value.length > MAX_QUOTED_CHARS
        ? `${JSON.stringify(value.slice(0, MAX_QUOTED_CHARS))}… (${value.length} characters)`
        : JSON.stringify(value);
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing';
    default:
      return String(value);
  }
}
