import { describe, expect, it } from 'vitest';
import { bucketStartOf } from './bucket-start';

describe('bucketStartOf', () => {
  const hour = 3_600_000;

  it('cuts hourly buckets on the hour, the end of a bucket opening the next', () => {
    const start = Date.parse('2026-12-04T16:00:00Z');
    expect(bucketStartOf(Date.parse('2026-12-04T16:59:59.999Z'), hour)).toBe(start);
    expect(bucketStartOf(start, hour)).toBe(start);
    expect(bucketStartOf(start + hour, hour)).toBe(start + hour);
  });

  it('floors times before the epoch too', () => {
    expect(bucketStartOf(-1, hour)).toBe(-hour);
  });

  it('refuses a width that is not positive', () => {
    expect(() => bucketStartOf(0, 0)).toThrow(RangeError);
  });
});
