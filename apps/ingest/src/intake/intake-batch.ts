import { isUtf8 } from 'node:buffer';
import type { Codec } from '@riptide/contracts';
import { jsonShape } from './json-shape';

export interface IntakeError {
  /** 1-based line of an NDJSON body, or 1-based position in a JSON array. */
  readonly line: number;
  readonly code: string;
  readonly field: string | null;
  readonly message: string;
}

export interface IntakeItem<T> {
  readonly value: T;
  /** The bytes that go to Kafka. */
  readonly encoded: Buffer;
}

export interface IntakeBatch<T> {
  readonly valid: IntakeItem<T>[];
  /** The first `maxReportedErrors` errors; `rejected` counts them all. */
  readonly errors: IntakeError[];
  readonly rejected: number;
  readonly total: number;
}

export interface IntakeLimits {
  readonly maxReportedErrors: number;
  /** An item must fit in one Kafka record (brokers refuse more than max.message.bytes, 1 MiB by default). */
  readonly maxItemBytes: number;
  /** Arrays and objects nested deeper than this are refused before parsing. */
  readonly maxDepth: number;
  /** Items (NDJSON lines, array elements) in one body; more is refused whole (TooManyItemsError). */
  readonly maxItems: number;
}

/** The body holds more items than one request may: the client should split it. */
export class TooManyItemsError extends Error {
  override readonly name = 'TooManyItemsError';
  constructor(readonly limit: number) {
    super(`the body holds more than ${limit} items (INGEST_MAX_ITEMS); split it into smaller batches`);
  }
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  maxReportedErrors: 1_000,
  // Room under Kafka's default max.message.bytes (1 MiB) for the key and the record batch's framing.
  maxItemBytes: 1_000_000,
  // Far deeper than any real post or profile.
  maxDepth: 64,
  maxItems: 50_000,
};

/**
 * Splits a request body into items and checks each against the contract: NDJSON (one value per line,
 * blank lines ignored) or JSON (one object or an array of objects). Items that lack `schema` get the
 * contract's, so clients can post plain objects. Hostile bodies cost bounded memory: a body of more
 * than `maxItems` items is refused before its items are built, errors past `maxReportedErrors` are
 * counted, not kept, and NDJSON is walked line by line in place.
 */
export function parseIntakeBody<T>(
  body: Buffer,
  contentType: string | undefined,
  codec: Codec<T>,
  limits: IntakeLimits = DEFAULT_INTAKE_LIMITS,
): IntakeBatch<T> {
  const valid: IntakeItem<T>[] = [];
  const errors: IntakeError[] = [];
  let rejected = 0;
  let total = 0;
  const reject = (line: number, error: ItemError) => {
    rejected++;
    if (errors.length < limits.maxReportedErrors) errors.push({ line, ...error });
  };
  const items = isNdjson(contentType, body) ? ndjsonItems(body, limits) : jsonItems(body, limits);
  for (const item of items) {
    if (++total > limits.maxItems) throw new TooManyItemsError(limits.maxItems);
    if ('error' in item) {
      reject(item.line, item.error);
      continue;
    }
    const value = item.value;
    const candidate =
      isPlainObject(value) && value.schema === undefined ? { schema: codec.schema, ...value } : value;
    const checked = codec.check(candidate);
    if (!checked.ok) {
      reject(item.line, checked.error);
      continue;
    }
    const encoded = codec.encode(checked.value);
    if (encoded.length > limits.maxItemBytes)
      reject(item.line, {
        code: 'item_too_large',
        field: null,
        message: `the item is ${encoded.length} bytes once encoded; at most ${limits.maxItemBytes} fit in one Kafka record`,
      });
    else valid.push({ value: checked.value, encoded });
  }
  return { valid, errors, rejected, total };
}

/** An item's problem: a contract violation, or one ingest finds before or after the contract. */
type ItemError = Omit<IntakeError, 'line'>;
type Item = { line: number; value: unknown } | { line: number; error: ItemError };

function isNdjson(contentType: string | undefined, body: Buffer): boolean {
  if (contentType && /ndjson|jsonlines|x-jsonl/i.test(contentType)) return true;
  if (contentType && /json/i.test(contentType)) return false;
  // No usable content type: a body that does not start with '[' is taken line by line.
  const first = body.toString('utf8', 0, Math.min(body.length, 64)).trimStart()[0];
  return first !== '[';
}

const NEWLINE = 0x0a;

function* ndjsonItems(body: Buffer, limits: IntakeLimits): Generator<Item> {
  for (let start = 0, line = 1; start < body.length; line++) {
    const newline = body.indexOf(NEWLINE, start);
    const end = newline === -1 ? body.length : newline;
    const item = parseJson(body, start, end, line, `line ${line}`, limits);
    if (item) yield item;
    start = end + 1;
  }
}

function* jsonItems(body: Buffer, limits: IntakeLimits): Generator<Item> {
  const item = parseJson(body, 0, body.length, 1, 'the body', limits);
  if (!item || 'error' in item || !Array.isArray(item.value)) {
    if (item) yield item;
    return;
  }
  const values: unknown[] = item.value;
  for (let index = 0; index < values.length; index++) yield { line: index + 1, value: values[index] };
}

/** One JSON text from `body[start, end)`; undefined when it is blank. */
function parseJson(
  body: Buffer,
  start: number,
  end: number,
  line: number,
  what: string,
  limits: IntakeLimits,
): Item | undefined {
  const bytes = body.subarray(start, end);
  const error = (code: string, message: string): Item => ({ line, error: { code, field: null, message } });
  if (!isUtf8(bytes)) return error('invalid_utf8', `${what} is not valid UTF-8`);
  if (isBlank(bytes)) return undefined;
  // Everything up to JSON.parse looks at the bytes, so that a body refused here is never copied.
  const isBody = what === 'the body';
  // Whatever its whitespace, a line this long cannot encode small enough.
  if (!isBody && bytes.length > 2 * limits.maxItemBytes)
    return error(
      'item_too_large',
      `${what} is ${bytes.length} bytes; an item must encode to at most ${limits.maxItemBytes} bytes`,
    );
  // An array body is one level deeper than the items it holds.
  const shape = jsonShape(bytes, isBody ? limits.maxDepth + 1 : limits.maxDepth);
  if (shape.tooDeep)
    return error('too_deep', `${what} nests arrays or objects more than ${limits.maxDepth} deep`);
  if (isBody && shape.items > limits.maxItems) throw new TooManyItemsError(limits.maxItems);
  const text = bytes.toString('utf8');
  try {
    return { line, value: JSON.parse(text) };
  } catch (cause) {
    return error('invalid_json', `${what} is not valid JSON: ${(cause as Error).message}`);
  }
}

/** Only JSON's whitespace (space, tab, CR, LF), or nothing. */
function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes)
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0a) return false;
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
