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
export type BatchHandler<T> = (
  messages: InboundMessage<T>[],
) => Promise<BatchResult<T> | OutboundMessage[]> | BatchResult<T> | OutboundMessage[];

/** What a stateful subscription learns before the first batch of a partition it was just given. */
export interface PartitionAssigned {
  readonly partition: number;
  /** The offset the consumer resumes from: state must be rebuilt from messages before it. */
  readonly resumeOffset: string;
  /** Keeps the group membership alive during a long rebuild. */
  readonly heartbeat: () => Promise<void>;
}

export interface Subscription<T> {
  /** Logical topic name. */
  readonly topic: string;
  readonly codec: Codec<T>;
  readonly handler: BatchHandler<T>;
  /**
   * Stateful processors rebuild their state for a partition here (e.g. with readPartitionRange) before
   * its first batch after every (re)assignment; the batch waits for it.
   */
  readonly onPartitionAssigned?: (assigned: PartitionAssigned) => Promise<void>;
  /** The partition went to another instance in a rebalance: drop its state. */
  readonly onPartitionRevoked?: (partition: number) => void;
}
