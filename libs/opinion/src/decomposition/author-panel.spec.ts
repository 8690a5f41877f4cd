import { describe, expect, it } from 'vitest';
import { AuthorPanel } from './author-panel';

const POPULATION = { dimension: null, value: null };
const YOUNG = { dimension: 'age_group', value: '18-29' };

describe('AuthorPanel', () => {
  it('sums soft counts per author and group over the buckets of a range', () => {
    const panel = new AuthorPanel(10);
    panel.record(0, 'a', [POPULATION, YOUNG], [0.2, 0.5, 0.3]);
    panel.record(0, 'a', [POPULATION, YOUNG], [0.1, 0.1, 0.8]);
    panel.record(1, 'a', [POPULATION, YOUNG], [1, 0, 0]);
    panel.record(1, 'b', [POPULATION], [0, 1, 0]);
    const young = panel.authorsIn(YOUNG, { fromMs: 0, toMs: 2 });
    expect([...young.keys()]).toEqual(['a']);
    expect(young.get('a')?.count).toBe(3);
    expect(young.get('a')?.probabilitySums).toEqual([1.3, 0.6, 1.1].map((sum) => expect.closeTo(sum, 12)));
    expect(panel.authorsIn(POPULATION, { fromMs: 1, toMs: 2 }).size).toBe(2);
    expect(panel.authorsIn(POPULATION, { fromMs: 2, toMs: 5 }).size).toBe(0);
  });

  it('takes a whole bucket of one author at once as the same observations one by one', () => {
    const oneByOne = new AuthorPanel(10);
    oneByOne.record(0, 'a', [POPULATION, YOUNG], [0.2, 0.5, 0.3]);
    oneByOne.record(0, 'a', [POPULATION, YOUNG], [0.1, 0.1, 0.8]);
    const atOnce = new AuthorPanel(10);
    atOnce.recordAuthor(0, 'a', [POPULATION, YOUNG], 2, Float64Array.of(0.3, 0.6, 1.1));
    const range = { fromMs: 0, toMs: 1 };
    const expected = oneByOne.authorsIn(YOUNG, range).get('a')!;
    const actual = atOnce.authorsIn(YOUNG, range).get('a')!;
    expect(actual.count).toBe(2);
    actual.probabilitySums.forEach((sum, label) =>
      expect(sum).toBeCloseTo(expected.probabilitySums[label], 12),
    );
  });

  it('keeps only the newest horizonBuckets buckets and drops observations older than all of them', () => {
    const panel = new AuthorPanel(2);
    expect(panel.record(10, 'a', [POPULATION], [1, 0, 0])).toBe(true);
    expect(panel.record(11, 'a', [POPULATION], [1, 0, 0])).toBe(true);
    expect(panel.record(12, 'a', [POPULATION], [1, 0, 0])).toBe(true);
    expect(panel.bucketStarts()).toEqual([11, 12]);
    expect(panel.record(10, 'a', [POPULATION], [1, 0, 0])).toBe(false);
    expect(panel.bucketStarts()).toEqual([11, 12]);
  });
});
