import { postCodec } from '@riptide/contracts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INTAKE_LIMITS, parseIntakeBody, TooManyItemsError } from './intake-batch';

const post = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  platform: 'twitter',
  author_id: 'a',
  created_at: '2026-11-01T00:00:00Z',
  text: 't',
  kind: 'original',
  ...extra,
});

describe('parseIntakeBody', () => {
  it('reads NDJSON line by line, skipping blank lines and numbering from 1', () => {
    const body = Buffer.from(`${JSON.stringify(post('1'))}\n\n{broken\n${JSON.stringify(post('2'))}\n`);
    const batch = parseIntakeBody(body, 'application/x-ndjson', postCodec);
    expect(batch.valid.map((item) => item.value.id)).toEqual(['1', '2']);
    expect(batch.errors).toEqual([expect.objectContaining({ line: 3, code: 'invalid_json', field: null })]);
    expect(batch.total).toBe(3);
  });

  it('reads a JSON array by position and adds the schema clients leave out', () => {
    const batch = parseIntakeBody(
      Buffer.from(JSON.stringify([post('1'), { ...post('2'), kind: 'nope' }])),
      'application/json',
      postCodec,
    );
    expect(batch.valid[0].value.schema).toBe('post/v1');
    expect(JSON.parse(batch.valid[0].encoded.toString()).id).toBe('1');
    expect(batch.errors).toEqual([expect.objectContaining({ line: 2, field: 'kind' })]);
  });

  it('guesses NDJSON without a content type unless the body is an array', () => {
    const guess = (text: string) => parseIntakeBody(Buffer.from(text), undefined, postCodec).valid;
    expect(guess(JSON.stringify(post('1')))).toHaveLength(1);
    expect(guess(JSON.stringify([post('1'), post('2')]))).toHaveLength(2);
  });

  it('refuses a line that is not UTF-8, naming it, and keeps the others', () => {
    const body = Buffer.concat([
      Buffer.from(`${JSON.stringify(post('1'))}\n{"id": "`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(`"}\n${JSON.stringify(post('2'))}`),
    ]);
    const batch = parseIntakeBody(body, 'application/x-ndjson', postCodec);
    expect(batch.valid).toHaveLength(2);
    expect(batch.errors).toEqual([
      { line: 2, code: 'invalid_utf8', field: null, message: 'line 2 is not valid UTF-8' },
    ]);
  });

  it('refuses deep nesting before parsing, in a line or in a post field', () => {
    const deepLine = '['.repeat(100_000);
    const deepField = JSON.stringify(post('3', { nested: JSON.parse('['.repeat(80) + ']'.repeat(80)) }));
    const batch = parseIntakeBody(
      Buffer.from(`${deepLine}\n${deepField}`),
      'application/x-ndjson',
      postCodec,
    );
    expect(batch.errors.map((error) => [error.line, error.code])).toEqual([
      [1, 'too_deep'],
      [2, 'too_deep'],
    ]);
  });

  it('refuses an item too large for one Kafka record', () => {
    const limits = { ...DEFAULT_INTAKE_LIMITS, maxItemBytes: 1_000 };
    const body = Buffer.from(JSON.stringify([post('small'), post('big', { text: 'x'.repeat(2_000) })]));
    const batch = parseIntakeBody(body, 'application/json', postCodec, limits);
    expect(batch.valid.map((item) => item.value.id)).toEqual(['small']);
    expect(batch.errors[0]).toMatchObject({ line: 2, code: 'item_too_large' });
    const longLine = Buffer.from(JSON.stringify(post('long', { text: 'x'.repeat(3_000) })));
    expect(parseIntakeBody(longLine, 'application/x-ndjson', postCodec, limits).errors[0]).toMatchObject({
      code: 'item_too_large',
      message: expect.stringMatching(/^line 1 is \d+ bytes; an item must encode to at most 1000 bytes$/),
    });
  });

  it('refuses a body of more than maxItems items whole, before parsing an array', () => {
    const limits = { ...DEFAULT_INTAKE_LIMITS, maxItems: 3 };
    const array = Buffer.from(JSON.stringify([post('1'), post('2'), post('3'), post('4')]));
    expect(() => parseIntakeBody(array, 'application/json', postCodec, limits)).toThrow(TooManyItemsError);
    const lines = Buffer.from('1\n2\n\n3\n4');
    expect(() => parseIntakeBody(lines, 'application/x-ndjson', postCodec, limits)).toThrow(
      /more than 3 items \(INGEST_MAX_ITEMS\)/,
    );
    expect(parseIntakeBody(Buffer.from('1\n2\n\n3\n'), 'application/x-ndjson', postCodec, limits).total).toBe(
      3,
    );
  });

  it('counts every error but keeps only the first maxReportedErrors', () => {
    const limits = { ...DEFAULT_INTAKE_LIMITS, maxReportedErrors: 3 };
    const batch = parseIntakeBody(
      Buffer.from(JSON.stringify(Array(10_000).fill(1))),
      'application/json',
      postCodec,
      limits,
    );
    expect(batch.rejected).toBe(10_000);
    expect(batch.total).toBe(10_000);
    expect(batch.errors.map((error) => error.line)).toEqual([1, 2, 3]);
  });

  it('keeps __proto__ and constructor keys as plain data, never as a prototype', () => {
    const text = `{"id":"p","platform":"twitter","author_id":"a","created_at":"2026-11-01T00:00:00Z","text":"t","kind":"original","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`;
    const batch = parseIntakeBody(Buffer.from(text), 'application/x-ndjson', postCodec);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(batch.valid).toHaveLength(1);
    expect(Object.getPrototypeOf(batch.valid[0].value)).toBe(Object.prototype);
    expect(JSON.parse(batch.valid[0].encoded.toString()).extra).toEqual({
      ['__proto__']: { polluted: true },
      constructor: { prototype: { polluted: true } },
    });
    expect(batch.total).toBe(1);
  });
});
