import { postCodec } from '@riptide/contracts';
import { describe, expect, it } from 'vitest';
import { parseIntakeBody } from './intake-batch';

const post = (id: string) => ({
  id,
  platform: 'twitter',
  author_id: 'a',
  created_at: '2026-11-01T00:00:00Z',
  text: 't',
  kind: 'original',
});

describe('parseIntakeBody', () => {
  it('reads NDJSON line by line, skipping blank lines and numbering from 1', () => {
    const body = Buffer.from(`${JSON.stringify(post('1'))}\n\n{broken\n${JSON.stringify(post('2'))}\n`);
    const batch = parseIntakeBody(body, 'application/x-ndjson', postCodec);
    expect(batch.valid.map((p) => p.id)).toEqual(['1', '2']);
    expect(batch.errors).toEqual([expect.objectContaining({ line: 3, code: 'invalid_json', field: null })]);
    expect(batch.total).toBe(3);
  });

  it('reads a JSON array by position and adds the schema clients leave out', () => {
    const batch = parseIntakeBody(
      Buffer.from(JSON.stringify([post('1'), { ...post('2'), kind: 'nope' }])),
      'application/json',
      postCodec,
    );
    expect(batch.valid[0].schema).toBe('post/v1');
    expect(batch.errors).toEqual([expect.objectContaining({ line: 2, field: 'kind' })]);
  });

  it('guesses NDJSON without a content type unless the body is an array', () => {
    expect(parseIntakeBody(Buffer.from(JSON.stringify(post('1'))), undefined, postCodec).valid).toHaveLength(
      1,
    );
    expect(
      parseIntakeBody(Buffer.from(JSON.stringify([post('1'), post('2')])), undefined, postCodec).valid,
    ).toHaveLength(2);
  });
});
