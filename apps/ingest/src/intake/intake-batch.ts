import type { Codec, ContractViolation } from '@riptide/contracts';

export interface IntakeError {
  /** 1-based line of an NDJSON body, or 1-based position in a JSON array. */
  readonly line: number;
  readonly code: string;
  readonly field: string | null;
  readonly message: string;
}

export interface IntakeBatch<T> {
  readonly valid: T[];
  readonly errors: IntakeError[];
  readonly total: number;
}

/**
 * Splits a request body into items and checks each against the contract: NDJSON (one value per line,
 * blank lines ignored) or JSON (one object or an array of objects). Items that lack `schema` get the
 * contract's, so clients can post plain objects.
 */
export function parseIntakeBody<T>(
  body: Buffer,
  contentType: string | undefined,
  codec: Codec<T>,
): IntakeBatch<T> {
  const items = isNdjson(contentType, body) ? ndjsonItems(body) : jsonItems(body);
  const valid: T[] = [];
  const errors: IntakeError[] = [];
  for (const item of items) {
    if ('error' in item) {
      errors.push({ line: item.line, ...item.error });
      continue;
    }
    const value = item.value;
    const candidate =
      isPlainObject(value) && value.schema === undefined ? { schema: codec.schema, ...value } : value;
    const checked = codec.check(candidate);
    if (checked.ok) valid.push(checked.value);
    else errors.push({ line: item.line, ...checked.error });
  }
  return { valid, errors, total: items.length };
}

type Item = { line: number; value: unknown } | { line: number; error: ContractViolation };

function isNdjson(contentType: string | undefined, body: Buffer): boolean {
  if (contentType && /ndjson|jsonlines|x-jsonl/i.test(contentType)) return true;
  if (contentType && /json/i.test(contentType)) return false;
  // No usable content type: a body that does not start with '[' is taken line by line.
  const first = body.toString('utf8', 0, Math.min(body.length, 64)).trimStart()[0];
  return first !== '[';
}

function ndjsonItems(body: Buffer): Item[] {
  const items: Item[] = [];
  body
    .toString('utf8')
    .split('\n')
    .forEach((text, index) => {
      if (text.trim() === '') return;
      try {
        items.push({ line: index + 1, value: JSON.parse(text) });
      } catch (error) {
        items.push({
          line: index + 1,
          error: {
            code: 'invalid_json',
            field: null,
            message: `line ${index + 1} is not valid JSON: ${(error as Error).message}`,
          },
        });
      }
    });
  return items;
}

function jsonItems(body: Buffer): Item[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return [
      {
        line: 1,
        error: {
          code: 'invalid_json',
          field: null,
          message: `the body is not valid JSON: ${(error as Error).message}`,
        },
      },
    ];
  }
  const values = Array.isArray(parsed) ? parsed : [parsed];
  return values.map((value, index) => ({ line: index + 1, value }));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
