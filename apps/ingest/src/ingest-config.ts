import { AuthConfig, authConfigFromEnv } from '@riptide/auth';
import { envInt } from '@riptide/observability';
import { kafkaConnectionFromEnv, KafkaConnection } from '@riptide/stream';

export interface IngestConfig {
  readonly port: number;
  readonly maxBodyBytes: number;
  /** Errors listed one by one in a response; the counts always cover all of them. */
  readonly maxReportedErrors: number;
  /** Items (lines or array elements) in one body; more gets 413. */
  readonly maxItems: number;
  /** Bytes of bodies worked on at once; further requests wait, unread (see ByteBudget). */
  readonly bodyBudgetBytes: number;
  /** How long a batch waits for Kafka's acknowledgement before the client gets 503. */
  readonly ackTimeoutMs: number;
  /** Bytes sent to Kafka and not yet acknowledged, past which batches get 503 at once. */
  readonly maxPendingBytes: number;
  /** A client must send its whole request (headers and body) within this time, its headers within the next. */
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly kafka: KafkaConnection;
  readonly auth: AuthConfig;
}

export const INGEST_CONFIG = Symbol('IngestConfig');

export function ingestConfigFromEnv(): IngestConfig {
  return {
    port: envInt('INGEST_PORT', 8081, { min: 0, max: 65_535 }),
    maxBodyBytes: envInt('INGEST_MAX_BODY_BYTES', 16 * 1024 * 1024, { min: 1024 }),
    maxReportedErrors: envInt('INGEST_MAX_REPORTED_ERRORS', 1_000, { min: 1 }),
    maxItems: envInt('INGEST_MAX_ITEMS', 50_000, { min: 1 }),
    bodyBudgetBytes: envInt('INGEST_BODY_BUDGET_BYTES', 16 * 1024 * 1024, { min: 1024 }),
    ackTimeoutMs: envInt('INGEST_ACK_TIMEOUT_MS', 5_000, { min: 100, max: 600_000 }),
    maxPendingBytes: envInt('INGEST_MAX_PENDING_BYTES', 64 * 1024 * 1024, { min: 1024 }),
    requestTimeoutMs: envInt('INGEST_REQUEST_TIMEOUT_MS', 60_000, { min: 1_000, max: 3_600_000 }),
    headersTimeoutMs: envInt('INGEST_HEADERS_TIMEOUT_MS', 10_000, { min: 1_000, max: 600_000 }),
    kafka: kafkaConnectionFromEnv('riptide-ingest'),
    auth: authConfigFromEnv(),
  };
}
