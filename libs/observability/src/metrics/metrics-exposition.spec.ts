import { Counter, Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { addMetricsSource, metricsExposition } from './metrics-exposition';
import { counter, gauge } from './registry';

/** A registry standing for a worker thread's, with the same metrics as this thread's. */
function threadRegistry(things: number, tableSize: number): Registry {
  const registry = new Registry();
  new Counter({ name: 'riptide_exposition_things_total', help: 'things', registers: [registry] }).inc(things);
  new Gauge({
    name: 'riptide_exposition_table_rows',
    help: 'table',
    registers: [registry],
    aggregator: 'max',
  }).set(tableSize);
  return registry;
}

describe('metricsExposition', () => {
  it('serves this thread alone until a source is added, then merges by each metric aggregator', async () => {
    counter('riptide_exposition_things_total', 'things').inc(1);
    gauge('riptide_exposition_table_rows', 'table', [], { aggregator: 'max' }).set(0);
    expect(await metricsExposition()).toMatch(/^riptide_exposition_things_total 1$/m);

    const removers = [threadRegistry(5, 20), threadRegistry(7, 20)].map((registry) =>
      addMetricsSource(() => registry.getMetricsAsJSON()),
    );
    try {
      const merged = await metricsExposition();
      expect(merged).toMatch(/^riptide_exposition_things_total 13$/m);
      expect(merged).toMatch(/^riptide_exposition_table_rows 20$/m);
      // Process figures prom-client would omit when merging processes stay: they are this thread's alone.
      expect(merged).toMatch(/^process_start_time_seconds \d+/m);
      // promtool check metrics refuses gauges ending in _total, prom-client's defaults included.
      expect(merged).not.toMatch(/^# TYPE \S+_total gauge$/m);
      expect(merged).toMatch(/^# TYPE nodejs_active_handles gauge$/m);
    } finally {
      removers.forEach((remove) => remove());
    }
    expect(await metricsExposition()).toMatch(/^riptide_exposition_things_total 1$/m);
  });
});
