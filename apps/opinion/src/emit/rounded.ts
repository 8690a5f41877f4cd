/** Six decimals: far below any interval's width, and it keeps the messages short. */
export function rounded(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function clamped(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
