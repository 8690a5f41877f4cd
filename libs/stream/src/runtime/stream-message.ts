import type { Codec } from '@riptide/contracts';

/** A decoded, valid message handed to a batch handler, with where it came from. */
export interface InboundMessage<T> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: T;
  /** The bytes as received, so that a pass-through stage can forward them without re-encoding. */
  readonly raw: Buffer;
  readonly timestamp: string;
}

/** A message a handler wants produced; `topic` is logical (the deployment prefix is added). */
export interface OutboundMessage {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer | string;
  readonly headers?: Record<string, string>;
}

/** A message the handler itself judged unprocessable: it goes to the dead-letter topic with the reason. */
export interface Rejection<T> {
  readonly message: InboundMessage<T>;
  readonly code: string;
  readonly reason: string;
  readonly field?: string | null;
}

export interface BatchResult<T> {
  readonly outputs: OutboundMessage[];
  readonly rejected?: Rejection<T>[];
}

/**
 * Handles one batch of valid messages of one partition. Its outputs are produced and acknowledged
 * before the batch's offsets are committed (at-least-once), so a handler must tolerate redelivery.
 */
export type BatchHandler<T> = (messages: InboundMessage<T>[]) => Promise<BatchResult<T> | OutboundMessage[]> | BatchResult<T> | OutboundMessage[];

export interface Subscription<T> {
  /** Logical topic name. */
  readonly topic: string;
  readonly codec: Codec<T>;
  readonly handler: BatchHandler<T>;
}
