import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configErrorOf } from './config-error-of';
import { parsePopulationMargins } from './population-margins';

const valid = {
  schema: 'population/v1',
  dimensions: { gender: { female: 0.51, male: 0.49 }, region: { north: 0.5, south: 0.3, east: 0.2 } },
};

function problemOf(json: unknown) {
  return configErrorOf(() => parsePopulationMargins(json));
}

describe('parsePopulationMargins', () => {
  it('keeps the dimensions in file order with their shares', () => {
    const margins = parsePopulationMargins(valid);
    expect(margins.dimensions.map((dimension) => dimension.name)).toEqual(['gender', 'region']);
    expect(margins.dimensions[1].shares).toEqual({ north: 0.5, south: 0.3, east: 0.2 });
  });

  it('accepts the committed illustrative population', () => {
    const file = resolve(__dirname, '../../../../config/population.json');
    const margins = parsePopulationMargins(JSON.parse(readFileSync(file, 'utf8')));
    expect(margins.dimensions.map((dimension) => dimension.name)).toEqual(['age_group', 'gender', 'region']);
    expect(Object.keys(margins.dimensions[0].shares)).toEqual(['18-29', '30-44', '45-64', '65+']);
  });

  it('accepts sums within 1e-6 of 1 and refuses sums further away, naming the dimension', () => {
    expect(() =>
      parsePopulationMargins({ schema: 'population/v1', dimensions: { g: { a: 0.3333333, b: 0.6666666 } } }),
    ).not.toThrow();
    const error = problemOf({ schema: 'population/v1', dimensions: { g: { a: 0.5, b: 0.49 } } });
    expect(error.field).toBe('dimensions.g');
    expect(error.message).toMatch(/sum to 1.*0\.99/);
  });

  it('names the field of each kind of problem', () => {
    expect(problemOf({ ...valid, schema: 'population/v2' }).field).toBe('schema');
    expect(problemOf({ schema: 'population/v1', dimensions: [] }).field).toBe('dimensions');
    expect(problemOf({ schema: 'population/v1', dimensions: {} }).field).toBe('dimensions');
    expect(problemOf({ schema: 'population/v1', dimensions: { g: { a: 1.2, b: -0.2 } } }).field).toBe(
      'dimensions.g.a',
    );
    expect(problemOf({ schema: 'population/v1', dimensions: { g: { a: '0.5', b: 0.5 } } }).field).toBe(
      'dimensions.g.a',
    );
    expect(problemOf({ schema: 'population/v1', dimensions: { g: { a: 1 } } }).field).toBe('dimensions.g');
    expect(problemOf({ schema: 'population/v1', dimensions: { g: { 'a\u001fb': 0.5, b: 0.5 } } }).field).toBe(
      'dimensions.g.a\u001fb',
    );
    expect(problemOf({ schema: 'population/v1', dimensions: { ' g': { a: 0.5, b: 0.5 } } }).field).toBe(
      'dimensions. g',
    );
    expect(problemOf('{}').field).toBe('(root)');
  });

  it('refuses unknown as a configured value: it is where unconfigured values are counted', () => {
    const error = problemOf({ schema: 'population/v1', dimensions: { g: { a: 0.5, unknown: 0.5 } } });
    expect(error.field).toBe('dimensions.g.unknown');
    expect(error.message).toMatch(/reserved/);
  });
});
