import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles the ceiling per attempt and keeps at least half of it', () => {
    expect(backoffDelayMs(0, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelayMs(0, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelayMs(3, 100, 10_000, () => 1)).toBe(800);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelayMs(30, 100, 5_000, () => 1)).toBe(5_000);
  });
});
