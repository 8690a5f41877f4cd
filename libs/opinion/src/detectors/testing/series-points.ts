// Hand-made series for the detector specs: hourly buckets from epoch 0.
import { seededRandom } from '@riptide/nlp';
import type { SeriesPoint } from '../shift-types';
import { gaussian } from './synthetic-topic';

export const HOUR_MS = 3_600_000;

export function seriesPoint(bucket: number, share: number, standardError = 0.05, nEff = 150): SeriesPoint {
  return {
    bucketStartMs: bucket * HOUR_MS,
    bucketEndMs: (bucket + 1) * HOUR_MS,
    share,
    variance: standardError * standardError,
    nEff,
  };
}

/** `buckets` points of a share that is `before` until `stepAt` and `after` from then on, with normal noise. */
export function noisyStep(options: {
  seed: number;
  buckets: number;
  before: number;
  after: number;
  stepAt: number;
  standardError: number;
  nEff?: number;
}): SeriesPoint[] {
  const random = seededRandom(options.seed);
  return Array.from({ length: options.buckets }, (_, bucket) => {
    const truth = bucket < options.stepAt ? options.before : options.after;
    return seriesPoint(
      bucket,
      truth + options.standardError * gaussian(random),
      options.standardError,
      options.nEff,
    );
  });
}
