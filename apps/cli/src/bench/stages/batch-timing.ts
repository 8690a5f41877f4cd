import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDataDir } from '../../data-dir';

/** Posts per second of one timed pass over the posts, by wall clock and by this process's CPU. */
export interface BatchRate {
  readonly perS: number;
  /** Per CPU-second of this process (every thread, onnxruntime's included): steadier on a shared machine. */
  readonly perCpuS: number;
}

/** `count` real tweet texts (the sentiment train split, repeated as needed), the in-process stages' input. */
export function benchTweetTexts(count: number): string[] {
  const texts = readFileSync(join(defaultDataDir(), 'sentiment', 'train_text.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
  return Array.from({ length: count }, (_, i) => texts[i % texts.length]);
}

/** Runs `score` over the posts in batches after one warm-up batch (JIT and onnxruntime allocations). */
export async function timeBatches(
  posts: readonly string[],
  batch: number,
  score: (batch: string[]) => Promise<unknown> | unknown,
): Promise<BatchRate> {
  await score(posts.slice(0, batch));
  const cpuStarted = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let start = 0; start < posts.length; start += batch) await score(posts.slice(start, start + batch));
  const cpu = process.cpuUsage(cpuStarted);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    perS: Math.round(posts.length / seconds),
    perCpuS: Math.round(posts.length / ((cpu.user + cpu.system) / 1e6)),
  };
}
