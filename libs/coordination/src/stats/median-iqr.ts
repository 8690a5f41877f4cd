import { quantileOfSorted } from './quantile';

/** Median and interquartile range (type 7 quantiles); NaN for an empty sample. */
export function medianAndIqr(values: readonly number[]): { median: number; iqr: number } {
  const sorted = Float64Array.from(values).sort();
  return {
    median: quantileOfSorted(sorted, 0.5),
    iqr: quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25),
  };
}
