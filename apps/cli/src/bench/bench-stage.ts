/**
 * One entry under `stages` in the JSON that `riptide bench` prints. Every stage measures its own
 * throughput; the runner adds `ratio_to_baseline` against the bare kafkajs pass-through measured in
 * the same run, so that figures taken on this noisy machine are compared as ratios.
 */
export interface BenchStage {
  /** Key under `stages`, e.g. `stream_passthrough`. Stable: dashboards and notes refer to it. */
  readonly name: string;
  readonly description: string;
  /** Stages that need a broker are skipped (and say so) when none is reachable. */
  readonly needsBroker: boolean;
  run(context: BenchContext): Promise<BenchStageResult>;
}

export interface BenchContext {
  /** Comma-separated broker list, from KAFKA_BROKERS. */
  readonly brokers: string[];
  /** Messages per broker stage, from --messages. */
  readonly messages: number;
  /** A fresh, unique string per run, to name throwaway topics and groups. */
  readonly runId: string;
  /** Progress for long stages, written to stderr so stdout stays pure JSON. */
  progress(line: string): void;
}

export interface BenchStageResult {
  /** Items per second: messages, posts or shares, as the stage describes. */
  readonly per_s: number;
  readonly [detail: string]: unknown;
}
