/**
 * Goh and Barabási's burstiness B = (σ − μ) / (σ + μ) of an object's hourly share counts over its active
 * period, the hours from its first share to its last (hours without shares count as 0): −1 for a
 * metronome, about 0 for a Poisson stream, towards 1 when the shares come in bursts. 0 for an object
 * active less than two hours, where there is no spread to measure.
 *
 * Takes the sums instead of the series so that the database adds them up and sends three numbers.
 */
export function burstiness(hours: number, sum: number, sumOfSquares: number): number {
  if (hours < 2 || sum <= 0) return 0;
  const mean = sum / hours;
  const variance = Math.max(0, sumOfSquares / hours - mean * mean);
  const sigma = Math.sqrt(variance);
  return (sigma - mean) / (sigma + mean);
}
