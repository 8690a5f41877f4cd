import { envInt } from '@riptide/observability';
import { kafkaConnectionFromEnv, KafkaConnection } from '@riptide/stream';

export interface IngestConfig {
  readonly port: number;
  readonly maxBodyBytes: number;
  /** Errors listed one by one in a response; the counts always cover all of them. */
  readonly maxReportedErrors: number;
  readonly kafka: KafkaConnection;
}

export const INGEST_CONFIG = Symbol('IngestConfig');

export function ingestConfigFromEnv(): IngestConfig {
  return {
    port: envInt('INGEST_PORT', 8081, { min: 0, max: 65_535 }),
    maxBodyBytes: envInt('INGEST_MAX_BODY_BYTES', 16 * 1024 * 1024, { min: 1024 }),
    maxReportedErrors: envInt('INGEST_MAX_REPORTED_ERRORS', 1_000, { min: 1 }),
    kafka: kafkaConnectionFromEnv('riptide-ingest'),
  };
}
