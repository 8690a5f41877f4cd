import { describe, expect, it } from 'vitest';
import { earlierStatusId, isStatusId, laterStatusId } from './status-ids';

describe('status ids', () => {
  it('accepts decimal strings only', () => {
    expect(isStatusId('113918400000000000')).toBe(true);
    expect(isStatusId('0')).toBe(true);
    for (const value of ['', '12a', ' 12', 12, null, 'AcqXwlv4bGOzd2QOLQ'])
      expect(isStatusId(value)).toBe(false);
  });

  it('compares as integers, not as strings, beyond the precision of a number', () => {
    expect(laterStatusId('99', '100')).toBe('100');
    expect(earlierStatusId('99', '100')).toBe('99');
    expect(laterStatusId('113918400000000001', '113918400000000000')).toBe('113918400000000001');
  });
});
