import type { AdaptResult } from '@riptide/contracts';

export type Platform = 'bluesky' | 'mastodon';

/** Where an event sits in its source: the resume token and the source's clock. */
export interface SourcePosition {
  readonly cursor: string;
  readonly eventTimeMs: number | null;
}

export interface ReceivedEvent {
  /** Malformed JSON → { ok: false, error: { code: 'malformed_json', field: null, message } }. */
  readonly result: AdaptResult;
  /** Null when the event could not be read far enough to know it. */
  readonly position: SourcePosition | null;
  /** Frame size. */
  readonly bytes: number;
}

export interface EventSink {
  /** Takes one event in arrival order. false: the sink is full — stop reading and await drained(). */
  push(event: ReceivedEvent): boolean;
  drained(): Promise<void>;
}

export interface SourceStatus {
  readonly connected: boolean;
  readonly endpoint: string | null;
  readonly problem: string | null;
}

export interface LiveSource {
  readonly platform: Platform;
  /** Reads until stop(), reconnecting with capped backoff and jitter; starts after `resumeFrom` (null: now). */
  run(sink: EventSink, resumeFrom: string | null): Promise<void>;
  stop(): Promise<void>;
  status(): SourceStatus;
}

/** What a frame that is not JSON becomes: every source uses it, so the skip reason is the same. */
export function malformedFrame(reason: string): AdaptResult {
  return {
    ok: false,
    error: { code: 'malformed_json', field: null, message: `the frame is not valid JSON: ${reason}` },
  };
}
