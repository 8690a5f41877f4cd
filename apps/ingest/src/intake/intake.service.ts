import { BadRequestException, Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Codec } from '@riptide/contracts';
import { counter, healthRegistry } from '@riptide/observability';
import { createProducerSink, ProducerSink } from '@riptide/stream';
import { INGEST_CONFIG, IngestConfig } from '../ingest-config';
import { IntakeError, parseIntakeBody } from './intake-batch';

export interface IntakeReport {
  readonly accepted: number;
  readonly rejected: number;
  readonly errors: IntakeError[];
  readonly errors_truncated: boolean;
}

const itemsTotal = counter('riptide_ingest_items_total', 'Items received by ingest, by kind and result', [
  'kind',
  'result',
]);

/**
 * Checks a batch against its contract and produces the valid items keyed by their id (idempotent:
 * a resent item lands on the same partition with the same key). Responds only after Kafka acknowledged.
 */
@Injectable()
export class IntakeService implements OnModuleInit, OnApplicationShutdown {
  private readonly sink: ProducerSink;
  private connected = false;

  constructor(@Inject(INGEST_CONFIG) private readonly config: IngestConfig) {
    this.sink = createProducerSink(config.kafka);
  }

  async onModuleInit(): Promise<void> {
    await this.sink.connect();
    this.connected = true;
    healthRegistry.register('kafka-producer', () => this.connected);
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
    const batch = parseIntakeBody(body, contentType, codec);
    if (batch.total === 0)
      throw new BadRequestException({ error: 'empty_body', message: 'the body holds no items' });
    itemsTotal.inc({ kind, result: 'rejected' }, batch.errors.length);

    const report: IntakeReport = {
      accepted: batch.valid.length,
      rejected: batch.errors.length,
      errors: batch.errors.slice(0, this.config.maxReportedErrors),
      errors_truncated: batch.errors.length > this.config.maxReportedErrors,
    };
    // Nothing valid: 400 with the same per-line report, so the client sees every reason.
    if (batch.valid.length === 0) throw new BadRequestException(report);

    await this.sink.send(batch.valid.map((item) => ({ topic, key: keyOf(item), value: codec.encode(item) })));
    itemsTotal.inc({ kind, result: 'accepted' }, batch.valid.length);
    return report;
  }
}
