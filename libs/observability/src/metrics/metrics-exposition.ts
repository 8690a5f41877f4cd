import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { metricsRegistry } from './registry';

/** The metrics of another part of the process (a worker thread's registry), as prom-client JSON. */
export type MetricsSource = () => Promise<MetricObjectWithValues<MetricValue<string>>[]>;

const sources = new Set<MetricsSource>();

/**
 * Adds a source whose metrics `/metrics` merges with this thread's: a service that runs its pipeline
 * in worker threads registers one per thread, so Prometheus still sees one instance. Returns the
 * function that removes it again.
 */
export function addMetricsSource(source: MetricsSource): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

/**
 * The Prometheus text `/metrics` serves: this thread's registry alone, or merged with every added
 * source by each metric's aggregator (registry.ts MetricOptions; counters and histograms sum).
 */
export async function metricsExposition(): Promise<string> {
  if (sources.size === 0) return metricsRegistry.metrics();
  const own = (await metricsRegistry.getMetricsAsJSON()).map((metric) =>
    // prom-client omits per-process figures (start time) when merging processes; here the process is
    // one and this thread its only reporter, so they are kept.
    metric.aggregator === 'omit' ? { ...metric, aggregator: 'first' as const } : metric,
  );
  const parts = await Promise.all([own, ...[...sources].map((source) => source())]);
  return AggregatorRegistry.aggregate(parts).metrics();
}
