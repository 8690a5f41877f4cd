/** Reading a service's /metrics (Prometheus text format) in broker stages that time a child process. */

/** The value of one sample line (`name{labels} value`, or `name value`), 0 when absent. */
export function sampleValue(metrics: string, series: string): number {
  const line = metrics.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** The sum of every sample of a metric family, whatever its labels. */
export function familySum(metrics: string, family: string): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(`${family}{`) || line.startsWith(`${family} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
