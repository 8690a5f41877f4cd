import { describe, expect, it } from 'vitest';
import { counter, gauge, histogram, metricsRegistry } from './registry';

describe('metric naming', () => {
  it('accepts riptide_<area>_<name>_<unit> and registers once', async () => {
    const first = counter('riptide_test_things_total', 'things');
    expect(counter('riptide_test_things_total', 'things')).toBe(first);
    first.inc(2);
    expect(await metricsRegistry.getSingleMetricAsString('riptide_test_things_total')).toContain(
      'riptide_test_things_total 2',
    );
  });

  it('refuses names that break the convention, saying why', () => {
    expect(() => counter('riptide_test_things', 'x')).toThrow(/must end in _total/);
    expect(() => gauge('things_seconds', 'x')).toThrow(/riptide_<area>_<name>_<unit>/);
    expect(() => histogram('riptide_test_things_furlongs', 'x', [1])).toThrow(/must end in a unit/);
    expect(() => gauge('riptide_test_things_count', 'x')).toThrow(/must not end in _total or _count/);
    expect(() => gauge('riptide_test_held_total', 'x')).toThrow(/must not end in _total or _count/);
  });
});
