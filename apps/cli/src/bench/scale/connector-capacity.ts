import { roundTo } from '../round-to';
import { connectorStage } from '../stages/connector.stage';
import type { ScaleContext } from './scale-context';

export interface ConnectorCapacity {
  readonly per_s: number;
  readonly per_cpu_second: number;
  readonly cpu_cores: number;
  readonly peak_rss_mib: number;
  readonly events: number;
  /** The stage's own summary, as `riptide bench --only connector` prints it. */
  readonly stage: object;
}

/**
 * The connector's figures come from the `connector` stage (one connector reading a local Jetstream
 * replay into posts.raw as fast as it can), run here on `--messages` frames. A live source sends far
 * less than this (docs/connectors.md, "What it costs"): the figures size the pod for a catch-up after an
 * outage, when it reads as fast as it can.
 */
export async function measureConnectorCapacity(context: ScaleContext): Promise<ConnectorCapacity> {
  const stage = await connectorStage.run({
    brokers: context.brokers,
    messages: context.messages,
    runId: `${context.runId}-scale`,
    progress: context.progress,
  });
  const { per_s, cpu_us_per_event, peak_rss_mib, events } = stage as typeof stage & {
    cpu_us_per_event: number;
    peak_rss_mib: number;
    events: number;
  };
  return {
    per_s,
    per_cpu_second: Math.round(1e6 / cpu_us_per_event),
    cpu_cores: roundTo((per_s * cpu_us_per_event) / 1e6, 2),
    peak_rss_mib,
    events,
    stage,
  };
}
