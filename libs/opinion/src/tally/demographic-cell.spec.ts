import { describe, expect, it } from 'vitest';
import { cellKey, DemographicCells } from './demographic-cell';

describe('DemographicCells', () => {
  const cells = new DemographicCells({
    dimensions: [
      { name: 'age_group', shares: { '18-29': 0.5, '30+': 0.5 } },
      { name: 'gender', shares: { female: 0.5, male: 0.5 } },
    ],
  });

  it('maps each configured dimension to its value, in configuration order, ignoring other keys', () => {
    expect(cells.assign({ gender: 'male', age_group: '30+', city: 'Lyon' })).toEqual({
      values: ['30+', 'male'],
      unrecognised: [],
    });
  });

  it('makes missing and blank values unknown and flags only unconfigured ones as unrecognised', () => {
    expect(cells.assign({ gender: '' })).toEqual({ values: ['unknown', 'unknown'], unrecognised: [] });
    expect(cells.assign({ age_group: '30-44', gender: 'female' })).toEqual({
      values: ['unknown', 'female'],
      unrecognised: [0],
    });
    expect(cells.assign({ toString: 'x' }).values).toEqual(['unknown', 'unknown']);
  });

  it('keys distinct cells apart', () => {
    expect(cellKey(['a', 'bc'])).not.toBe(cellKey(['ab', 'c']));
  });
});
