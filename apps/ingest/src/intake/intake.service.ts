import {
  BadRequestException,
  Inject,
  Injectable,
  OnApplicationShutdown,
  OnModuleInit,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Codec } from '@riptide/contracts';
import { counter, createLogger, gauge, healthRegistry } from '@riptide/observability';
import type { ProducerSink } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { INGEST_CONFIG, IngestConfig } from '../ingest-config';
import { BoundedSender, UnconfirmedError } from './bounded-sender';
import { ingestProducerSink } from './ingest-producer';
import { DEFAULT_INTAKE_LIMITS, IntakeError, parseIntakeBody, TooManyItemsError } from './intake-batch';

export interface IntakeReport {
  readonly accepted: number;
  readonly rejected: number;
  readonly errors: IntakeError[];
  readonly errors_truncated: boolean;
}

/** The 503 body when Kafka did not confirm a batch: nothing of it counts as accepted. */
export interface UnconfirmedReport {
  readonly error: 'broker_unavailable';
  readonly reason: UnconfirmedError['reason'];
  readonly message: string;
  readonly accepted: 0;
  /** Valid items of the batch that are not confirmed (some may still reach Kafka). */
  readonly unconfirmed: number;
  readonly rejected: number;
  readonly retry_after_s: number;
}

/** A 503 whose Retry-After the controller sets from the report. */
export class UnconfirmedBatchException extends ServiceUnavailableException {
  constructor(readonly report: UnconfirmedReport) {
    super(report);
  }
}

const itemsTotal = counter('riptide_ingest_items_total', 'Items received by ingest, by kind and result', [
  'kind',
  'result',
]);
const unconfirmedTotal = counter(
  'riptide_ingest_unconfirmed_batches_total',
  'Batches answered 503 because Kafka did not confirm them, by reason',
  ['reason'],
);
const pendingBytes = gauge(
  'riptide_ingest_pending_bytes',
  'Bytes of records sent to Kafka and not yet acknowledged or failed',
);
const log = createLogger('ingest');
const STARTUP_CONNECT_MS = 60_000;

/**
 * Checks a batch against its contract and produces the valid items keyed by their id (idempotent:
 * a resent item lands on the same partition with the same key). Responds 202 only after Kafka
 * acknowledged every valid item, and 503 when it did not within the bound (see BoundedSender).
 */
@Injectable()
export class IntakeService implements OnModuleInit, OnApplicationShutdown {
  private readonly sink: ProducerSink;
  private readonly sender: BoundedSender;
  private connected = false;

  constructor(@Inject(INGEST_CONFIG) private readonly config: IngestConfig) {
    this.sink = ingestProducerSink(config.kafka, config.ackTimeoutMs);
    this.sender = new BoundedSender(
      (messages) => this.sink.send(messages),
      config,
      (bytes) => pendingBytes.set(bytes),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.connectPatiently();
    this.connected = true;
    healthRegistry.register('kafka-producer', () => this.connected);
  }

  /**
   * The producer gives up on a dead broker within about 1.5 s (ingest-producer.ts), but a deployment
   * may start ingest before its broker: keep trying at start for STARTUP_CONNECT_MS.
   */
  private async connectPatiently(): Promise<void> {
    const deadline = Date.now() + STARTUP_CONNECT_MS;
    for (;;) {
      try {
        return await this.sink.connect();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        log.warn({ error: (error as Error).message }, 'Kafka not reachable yet; retrying');
        await sleep(1_000);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.connected = false;
    await this.sink.disconnect();
  }

  async accept<T>(
    kind: string,
    body: Buffer,
    contentType: string | undefined,
    codec: Codec<T>,
    topic: string,
    keyOf: (item: T) => string,
  ): Promise<IntakeReport> {
    const batch = this.parse(body, contentType, codec);
    if (batch.total === 0)
      throw new BadRequestException({ error: 'empty_body', message: 'the body holds no items' });
    itemsTotal.inc({ kind, result: 'rejected' }, batch.rejected);

    const report: IntakeReport = {
      accepted: batch.valid.length,
      rejected: batch.rejected,
      errors: batch.errors,
      errors_truncated: batch.rejected > batch.errors.length,
    };
    // Nothing valid: 400 with the same per-line report, so the client sees every reason.
    if (batch.valid.length === 0) throw new BadRequestException(report);

    const messages = batch.valid.map(({ value, encoded }) => ({ topic, key: keyOf(value), value: encoded }));
    const bytes = batch.valid.reduce((sum, { encoded }) => sum + encoded.length, 0);
    try {
      await this.sender.sendWithin(messages, bytes);
    } catch (error) {
      if (!(error instanceof UnconfirmedError)) throw error;
      throw this.unconfirmed(error, kind, batch.valid.length, batch.rejected);
    }
    itemsTotal.inc({ kind, result: 'accepted' }, batch.valid.length);
    return report;
  }

  private parse<T>(body: Buffer, contentType: string | undefined, codec: Codec<T>) {
    const { maxReportedErrors, maxItems } = this.config;
    try {
      return parseIntakeBody(body, contentType, codec, {
        ...DEFAULT_INTAKE_LIMITS,
        maxReportedErrors,
        maxItems,
      });
    } catch (error) {
      if (!(error instanceof TooManyItemsError)) throw error;
      throw new PayloadTooLargeException({
        error: 'too_many_items',
        message: error.message,
        limit_items: maxItems,
      });
    }
  }

  private unconfirmed(
    error: UnconfirmedError,
    kind: string,
    unconfirmed: number,
    rejected: number,
  ): UnconfirmedBatchException {
    unconfirmedTotal.inc({ reason: error.reason });
    itemsTotal.inc({ kind, result: 'unconfirmed' }, unconfirmed);
    log.warn(
      { reason: error.reason, items: unconfirmed, error: error.message },
      'batch not confirmed by Kafka',
    );
    const retryAfterS = Math.max(1, Math.ceil(this.config.ackTimeoutMs / 1000));
    const body: UnconfirmedReport = {
      error: 'broker_unavailable',
      reason: error.reason,
      message:
        `${error.message}. None of the ${unconfirmed} valid items of this batch is confirmed; some may ` +
        `still reach Kafka. Resending the whole batch is safe: ${kind}s are keyed by id, so a resent item ` +
        `rewrites the same key.`,
      accepted: 0,
      unconfirmed,
      rejected,
      retry_after_s: retryAfterS,
    };
    return new UnconfirmedBatchException(body);
  }
}
