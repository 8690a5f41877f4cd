import type { Kysely } from 'kysely';
import type { Database } from '../schema/database';

/** A decoded message and where it sits in its partition: all an applier needs (an InboundMessage fits). */
export interface MaterialiseMessage<T> {
  readonly partition: number;
  /** Kafka offset, a decimal int64. */
  readonly offset: string;
  readonly value: T;
}

/**
 * Writes one batch's rows. Runs inside applyBatchOnce's transaction and sees each message once: the
 * same messages in the same order always give the same rows, so a replay after a reset rebuilds them.
 */
export type Applier<T> = (db: Kysely<Database>, messages: readonly MaterialiseMessage<T>[]) => Promise<void>;
