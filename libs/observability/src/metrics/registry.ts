import { Aggregator, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isMainThread } from 'node:worker_threads';

/** The one registry per thread; the main thread's is what `/metrics` serves (metrics-exposition.ts). */
export const metricsRegistry = new Registry();
// Process metrics (CPU, memory, handles) describe the whole process: the main thread reports them once,
// under prom-client's standard names (process_*, nodejs_*) so that stock Node.js dashboards work.
if (isMainThread) collectDefaultMetrics({ register: metricsRegistry });
// Three of them are gauges ending in `_total`, which `promtool check metrics` refuses (Prometheus keeps the
// suffix for counters). Each only sums its labelled twin (`nodejs_active_handles{type}` and so on), which
// stays: `sum(nodejs_active_handles)` gives the same figure.
for (const name of [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
])
  metricsRegistry.removeSingleMetric(name);

/**
 * How a metric's values from several threads of one process are combined (metrics-exposition.ts):
 * `sum` (the default) for work each thread did on its own share, `max` for a figure every thread
 * holds whole, such as the size of a table each thread keeps a replica of.
 */
export interface MetricOptions {
  readonly aggregator?: Aggregator;
}

const METRIC_NAME = /^riptide_[a-z]+_[a-z0-9_]+$/;
const UNITS = ['total', 'seconds', 'bytes', 'messages', 'ratio', 'info', 'per_second'];

/**
 * Metric names follow `riptide_<area>_<name>_<unit>` and counters end in `_total`; checking it here
 * keeps every service's metrics consistent for the dashboards. A gauge of things held counts in the
 * things it names (`…_graph_nodes`, `…_author_profiles`) and never ends in `_total` or `_count`,
 * which Prometheus reserves for counters and for histogram and summary series (`promtool check
 * metrics`). Label values must stay bounded (no ids).
 */
function checkedName(name: string, kind: 'counter' | 'gauge' | 'histogram'): string {
  if (!METRIC_NAME.test(name)) throw new Error(`metric ${name}: must match riptide_<area>_<name>_<unit>`);
  if (kind === 'counter' && !name.endsWith('_total'))
    throw new Error(`metric ${name}: a counter must end in _total`);
  if (kind === 'gauge') {
    if (/_(total|count)$/.test(name))
      throw new Error(`metric ${name}: a gauge must not end in _total or _count (Prometheus reserves them)`);
    return name;
  }
  if (!UNITS.some((unit) => name.endsWith(`_${unit}`)))
    throw new Error(`metric ${name}: must end in a unit (${UNITS.join(', ')})`);
  return name;
}

/** Returns the metric already registered under that name, so that two instances of a component share it. */
function reuse<T>(name: string): T | undefined {
  return metricsRegistry.getSingleMetric(name) as T | undefined;
}

export function counter<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  options: MetricOptions = {},
): Counter<L> {
  return (
    reuse<Counter<L>>(name) ??
    new Counter({
      name: checkedName(name, 'counter'),
      help,
      labelNames,
      registers: [metricsRegistry],
      ...options,
    })
  );
}

export function gauge<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  options: MetricOptions = {},
): Gauge<L> {
  return (
    reuse<Gauge<L>>(name) ??
    new Gauge({
      name: checkedName(name, 'gauge'),
      help,
      labelNames,
      registers: [metricsRegistry],
      ...options,
    })
  );
}

export function histogram<L extends string>(
  name: string,
  help: string,
  buckets: number[],
  labelNames: readonly L[] = [],
): Histogram<L> {
  return (
    reuse<Histogram<L>>(name) ??
    new Histogram({
      name: checkedName(name, 'histogram'),
      help,
      buckets,
      labelNames,
      registers: [metricsRegistry],
    })
  );
}
