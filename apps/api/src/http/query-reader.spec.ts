import { HttpException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { QueryReader } from './query-reader';

/** The 400 body a reader's failure becomes. */
function failure(read: () => unknown): unknown {
  try {
    read();
  } catch (error) {
    if (error instanceof HttpException)
      return { status: error.getStatus(), ...(error.getResponse() as object) };
    throw error;
  }
  throw new Error('no failure');
}

describe('QueryReader', () => {
  it('reads each kind of parameter within its bounds', () => {
    const reader = new QueryReader(
      { n: '12', x: '0.5', c: 'asc', t: '2026-12-01T10:00:00+01:00', s: 'text', limit: '500' },
      ['n', 'x', 'c', 't', 's', 'limit', 'absent'],
    );
    expect(reader.int('n', { min: 1, max: 20 })).toBe(12);
    expect(reader.number('x', { min: 0, max: 1 })).toBe(0.5);
    expect(reader.choice('c', ['asc', 'desc'])).toBe('asc');
    expect(reader.time('t')?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(reader.string('s')).toBe('text');
    expect(reader.limit()).toBe(500);
    expect(reader.string('absent')).toBeUndefined();
  });

  it('refuses bad values with 400 invalid_parameter naming the field', () => {
    const cases: [Record<string, unknown>, (reader: QueryReader) => unknown, string][] = [
      [{ n: '1.5' }, (r) => r.int('n', { min: 1, max: 9 }), 'n'],
      [{ n: '10' }, (r) => r.int('n', { min: 1, max: 9 }), 'n'],
      [{ x: 'NaN' }, (r) => r.number('x', { min: 0, max: 1 }), 'x'],
      [{ c: 'up' }, (r) => r.choice('c', ['asc', 'desc']), 'c'],
      [{ t: '2026-12-01T10:00:00' }, (r) => r.time('t'), 't'],
      [{ s: ['a', 'b'] }, (r) => r.string('s'), 's'],
      [{ s: '' }, (r) => r.string('s'), 's'],
      [{ limit: '501' }, (r) => r.limit(), 'limit'],
      [{ since: '2026-12-02T00:00:00Z', until: '2026-12-01T00:00:00Z' }, (r) => r.window(), 'until'],
    ];
    for (const [query, read, field] of cases)
      expect(
        failure(() => read(new QueryReader(query, Object.keys(query)))),
        field,
      ).toMatchObject({
        status: 400,
        error: 'invalid_parameter',
        field,
        message: expect.stringMatching(new RegExp(`^${field}: `)),
      });
  });

  it('refuses a parameter the route does not take, listing those it does', () => {
    expect(failure(() => new QueryReader({ min_szie: '3' }, ['min_size']))).toMatchObject({
      field: 'min_szie',
      message: 'min_szie: is not a parameter of this route (it takes min_size)',
    });
  });
});
