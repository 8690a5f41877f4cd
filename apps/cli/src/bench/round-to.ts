/** `value` rounded to `digits` decimals: bench figures are printed to a meaningful precision. */
export function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
