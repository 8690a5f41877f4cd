import { describe, expect, it } from 'vitest';
import { isIsoDateTimeWithZone, unixSecondsToIso } from './iso-date-time';

describe('isIsoDateTimeWithZone', () => {
  it.each([
    '2024-05-01T12:00:00Z',
    '2024-05-01t12:00:00z',
    '2024-05-01 12:00:00+02:00',
    '2024-05-01T12:00:00.123456-0530',
    '2024-02-29T00:00:00Z',
  ])('accepts %s', (text) => expect(isIsoDateTimeWithZone(text)).toBe(true));

  it.each([
    '2024-05-01T12:00:00',
    '2024-05-01',
    'yesterday',
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T12:60:00Z',
    '2024-05-01T12:00:60Z',
    '2024-05-01T12:00:00+24:00',
    ' 2024-05-01T12:00:00Z',
  ])('refuses %s', (text) => expect(isIsoDateTimeWithZone(text)).toBe(false));
});

describe('unixSecondsToIso', () => {
  it('keeps fractions of a second and refuses out-of-range values', () => {
    expect(unixSecondsToIso(1623881091.5)).toBe('2021-06-16T22:04:51.500Z');
    expect(unixSecondsToIso(1e20)).toBeNull();
  });
});
