import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const METRIC_LITERAL = /'((?:riptide|process|nodejs)_[a-z0-9_]+)'/g;
/** Series Prometheus makes itself for every target. */
const PROMETHEUS_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped'];

function sourceFiles(dir: string, extension: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(extension) && !file.endsWith(`.spec${extension}`))
    .map((file) => join(dir, file));
}

/**
 * Every metric name the services can expose, read from the code: the names registered in apps/ and
 * libs/ (libs/observability checks them at registration) and prom-client's default metrics.
 */
export function definedMetricNames(): Set<string> {
  const promClientMetrics = join(dirname(require.resolve('prom-client')), 'lib/metrics');
  const files = [
    ...sourceFiles(join(ROOT, 'apps'), '.ts'),
    ...sourceFiles(join(ROOT, 'libs'), '.ts'),
    ...sourceFiles(promClientMetrics, '.js'),
  ];
  const names = new Set(PROMETHEUS_SERIES);
  for (const file of files)
    for (const match of readFileSync(file, 'utf8').matchAll(METRIC_LITERAL)) names.add(match[1]);
  return names;
}

/** The names among `selected` that no service defines; a histogram's `_bucket`, `_sum` and `_count` count as its own. */
export function undefinedMetrics(selected: Iterable<string>, defined: Set<string>): string[] {
  return [...selected].filter(
    (name) => !defined.has(name) && !defined.has(name.replace(/_(bucket|sum|count)$/, '')),
  );
}
