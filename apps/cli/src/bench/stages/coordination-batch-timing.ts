import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir } from '../../data-dir';
import type { BenchStageResult } from '../bench-stage';
import { runCoordinationBatch, type BatchOptions } from '../../coordination/run-batch';

/**
 * Times the batch pipeline (parse included, file read excluded) on a file already in memory.
 * The first runs warm the JIT; the figure is the best of the timed runs (this machine is shared
 * and noisy), the median is reported beside it.
 */
export function timeBatch(
  relativePath: string,
  options: Omit<BatchOptions, 'onProgress'>,
  runs = 12,
): BenchStageResult {
  const bytes = readFileSync(join(defaultDataDir(), relativePath));
  for (let warm = 0; warm < 3; warm++) runCoordinationBatch(bytes, options);
  const seconds: number[] = [];
  let last = runCoordinationBatch(bytes, options);
  for (let run = 0; run < runs; run++) {
    last = runCoordinationBatch(bytes, options);
    seconds.push(last.seconds);
  }
  seconds.sort((a, b) => a - b);
  const best = seconds[0];
  return {
    per_s: Math.round(last.rows / best),
    seconds: Number(best.toFixed(4)),
    median_seconds: Number(seconds[Math.floor(seconds.length / 2)].toFixed(4)),
    rows: last.rows,
    nodes: last.nodes,
    edges: last.edges.length,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
