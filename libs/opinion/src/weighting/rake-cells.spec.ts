import { seededRandom } from '@riptide/nlp';
import { describe, expect, it } from 'vitest';
import type { PopulationMargins } from '../opinion-types';
import { rakeCells, type RakingCell } from './rake-cells';

const margins: PopulationMargins = {
  dimensions: [
    { name: 'gender', shares: { female: 0.5, male: 0.5 } },
    { name: 'region', shares: { north: 0.4, south: 0.6 } },
  ],
};
const options = { weightCap: 5, maxIterations: 100, tolerance: 1e-9 };

function weightedShare(
  cells: readonly RakingCell[],
  weights: Float64Array,
  dimension: number,
  value: string,
) {
  const total = cells.reduce((sum, cell, c) => sum + cell.count * weights[c], 0);
  const part = cells.reduce(
    (sum, cell, c) => sum + (cell.values[dimension] === value ? cell.count * weights[c] : 0),
    0,
  );
  return part / total;
}

describe('rakeCells', () => {
  it('leaves a sample that already matches the margins at weight 1', () => {
    const cells = [
      { values: ['female', 'north'], count: 30 },
      { values: ['female', 'south'], count: 20 },
      { values: ['male', 'north'], count: 10 },
      { values: ['male', 'south'], count: 40 },
    ];
    const { weights, report } = rakeCells(cells, margins, options);
    expect([...weights]).toEqual([1, 1, 1, 1]);
    expect(report).toMatchObject({ iterations: 0, converged: true, maxMarginError: 0, cappedShare: 0 });
  });

  it('matches both margins, with weights of product form (no interaction), mean weight 1', () => {
    const cells = [
      { values: ['female', 'north'], count: 40 },
      { values: ['female', 'south'], count: 30 },
      { values: ['male', 'north'], count: 10 },
      { values: ['male', 'south'], count: 20 },
    ];
    const { weights, report } = rakeCells(cells, margins, options);
    expect(report.converged).toBe(true);
    expect(report.maxMarginError).toBeLessThanOrEqual(1e-9);
    expect(weightedShare(cells, weights, 0, 'female')).toBeCloseTo(0.5, 9);
    expect(weightedShare(cells, weights, 1, 'north')).toBeCloseTo(0.4, 9);
    // IPF fits w = a(gender) · b(region): the cross ratio is 1.
    expect((weights[0] * weights[3]) / (weights[1] * weights[2])).toBeCloseTo(1, 9);
    expect(cells.reduce((sum, cell, c) => sum + cell.count * weights[c], 0)).toBeCloseTo(100, 9);
  });

  it('holds unknown at its sample share and splits the rest in margin proportions', () => {
    const cells = [
      { values: ['female', 'north'], count: 60 },
      { values: ['unknown', 'north'], count: 20 },
      { values: ['male', 'south'], count: 20 },
    ];
    const oneDimension: PopulationMargins = { dimensions: [margins.dimensions[0]] };
    const { weights } = rakeCells(cells, oneDimension, options);
    expect(weightedShare(cells, weights, 0, 'unknown')).toBeCloseTo(0.2, 9);
    expect(weightedShare(cells, weights, 0, 'female')).toBeCloseTo(0.4, 9);
    expect(weightedShare(cells, weights, 0, 'male')).toBeCloseTo(0.4, 9);
  });

  it('caps weights at weightCap times the mean and reports the margin it cannot reach (hand-computed)', () => {
    // 95 women, 5 men, margins 50/50: men would need weight 10. With a cap of 5 the fixed point is
    // w(men) = 5 · mean, giving men 25 / (95 · w(women) + 25) ... = a weighted share of 0.25.
    const cells = [
      { values: ['female'], count: 95 },
      { values: ['male'], count: 5 },
    ];
    const genderOnly: PopulationMargins = { dimensions: [margins.dimensions[0]] };
    const { weights, report } = rakeCells(cells, genderOnly, options);
    expect(weights[1]).toBeCloseTo(5, 6);
    expect(weights[1] / weights[0]).toBeCloseTo(95 / 15, 6);
    expect(weightedShare(cells, weights, 0, 'male')).toBeCloseTo(0.25, 6);
    expect(report).toMatchObject({ converged: false, iterations: 100, cappedShare: 0.05 });
    expect(report.maxMarginError).toBeCloseTo(0.25, 6);
  });

  it('gives an empty configured group share to the present ones and reports it', () => {
    const threeRegions: PopulationMargins = {
      dimensions: [{ name: 'region', shares: { north: 0.4, south: 0.4, east: 0.2 } }],
    };
    const cells = [
      { values: ['north'], count: 10 },
      { values: ['south'], count: 30 },
    ];
    const { weights, report } = rakeCells(cells, threeRegions, options);
    expect(weightedShare(cells, weights, 0, 'north')).toBeCloseTo(0.5, 9);
    expect(report.emptyGroups).toEqual([{ dimension: 'region', value: 'east' }]);
  });
  it('meets three margins on random samples, or says it did not, never exceeding the cap (property)', () => {
    const random = seededRandom(5);
    const threeDimensions: PopulationMargins = {
      dimensions: [{ name: 'age', shares: { young: 0.3, middle: 0.45, old: 0.25 } }, ...margins.dimensions],
    };
    const ages = ['young', 'middle', 'old', 'unknown'];
    let converged = 0;
    for (let trial = 0; trial < 50; trial++) {
      const cells: RakingCell[] = [];
      for (const age of ages)
        for (const gender of ['female', 'male'])
          for (const region of ['north', 'south'])
            cells.push({ values: [age, gender, region], count: Math.floor(random() * 40) + 1 });
      const { weights, report } = rakeCells(cells, threeDimensions, { ...options, weightCap: 3 });
      expect(Math.max(...weights)).toBeLessThanOrEqual(3 * (1 + 1e-9));
      if (report.converged) {
        converged += 1;
        const unknownShare =
          cells.reduce((sum, cell) => sum + (cell.values[0] === 'unknown' ? cell.count : 0), 0) /
          cells.reduce((sum, cell) => sum + cell.count, 0);
        expect(weightedShare(cells, weights, 0, 'unknown')).toBeCloseTo(unknownShare, 8);
        expect(weightedShare(cells, weights, 0, 'middle')).toBeCloseTo(0.45 * (1 - unknownShare), 8);
        expect(weightedShare(cells, weights, 2, 'south')).toBeCloseTo(0.6, 8);
      } else expect(report.maxMarginError).toBeGreaterThan(options.tolerance);
    }
    expect(converged).toBeGreaterThan(40);
  });
});
