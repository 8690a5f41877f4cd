import { describe, expect, it } from 'vitest';
import { normalInterval } from './normal-interval';

describe('normalInterval', () => {
  it('is share ± z·sd', () => {
    const interval = normalInterval(0.4, 0.0004, 2);
    expect(interval.low).toBeCloseTo(0.36, 12);
    expect(interval.high).toBeCloseTo(0.44, 12);
    expect(interval.variance).toBe(0.0004);
  });

  it('clips to [0, 1] and still holds its share', () => {
    expect(normalInterval(0.01, 0.01, 1.645)).toMatchObject({ low: 0, share: 0.01 });
    expect(normalInterval(1, 0.01, 1.645).high).toBe(1);
    expect(() => normalInterval(0.5, Number.NaN, 1.645)).toThrow(RangeError);
  });
});
