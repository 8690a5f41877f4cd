import { roundTo } from '../round-to';
import { opinionBrokerStage } from '../stages/opinion-broker.stage';
import type { ScaleContext } from './scale-context';

/** Observations per --messages: the service takes one in about 30 µs, so two give a window of about 10 s. */
const OBSERVATIONS_PER_MESSAGE = 2;

export interface OpinionCapacity {
  readonly per_s: number;
  readonly per_cpu_second: number;
  readonly cpu_cores: number;
  readonly peak_rss_mib: number;
  readonly partitions: number;
  readonly observations: number;
  /** The stage's own summary, as `riptide bench --only opinion_broker` prints it. */
  readonly stage: object;
}

/**
 * The opinion service's figures come from the existing `opinion_broker` stage (one instance through a
 * preloaded day of stance observations), run here on two observations per `--messages`.
 */
export async function measureOpinionCapacity(context: ScaleContext): Promise<OpinionCapacity> {
  const observations = context.messages * OBSERVATIONS_PER_MESSAGE;
  context.progress(`opinion: the opinion_broker stage on ${observations} observations`);
  const stage = await opinionBrokerStage.run({
    brokers: context.brokers,
    messages: observations,
    runId: `${context.runId}-scale`,
    progress: context.progress,
  });
  const { per_s, cpu_us_per_observation, peak_rss_mb, partitions } = stage as typeof stage & {
    cpu_us_per_observation: number;
    peak_rss_mb: number;
    partitions: number;
  };
  return {
    per_s,
    per_cpu_second: Math.round(1e6 / cpu_us_per_observation),
    cpu_cores: roundTo((per_s * cpu_us_per_observation) / 1e6, 2),
    // The stage's "MB" are MiB (bytes / 1024 / 1024).
    peak_rss_mib: peak_rss_mb,
    partitions,
    observations,
    stage,
  };
}
