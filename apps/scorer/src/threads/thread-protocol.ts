import type { CheckOutcome, MetricsSource } from '@riptide/observability';
import type { ScorerConfig } from '../scorer-config';
import type { ScoringPipelineInfo } from '../scoring-pipeline';

/** What the main thread hands a scoring thread at start. */
export interface ScoringThreadData {
  readonly config: ScorerConfig;
}

/**
 * Requests the main thread sends a scoring thread; each is answered once, under its id. `join` lets a
 * prepared thread join the consumer group (sent to all threads once all are prepared).
 */
export interface ThreadRequest {
  readonly id: number;
  readonly request: 'join' | 'metrics' | 'readiness' | 'close';
}

/** A thread's registry as prom-client JSON: what the main thread's metrics source returns. */
export type ThreadMetrics = Awaited<ReturnType<MetricsSource>>;

/** The answer to a request: the thread's metrics, its readiness (with the failing checks), or null (joining, closed). */
export type ThreadResult = ThreadMetrics | CheckOutcome | null;

/** A scoring thread's messages: its start-up progress and outcome, and one reply per request. */
export type ThreadMessage =
  | { readonly event: 'prepared' }
  | { readonly event: 'started'; readonly info: ScoringPipelineInfo }
  | { readonly event: 'failed'; readonly error: string }
  | { readonly id: number; readonly result: ThreadResult }
  | { readonly id: number; readonly error: string };
