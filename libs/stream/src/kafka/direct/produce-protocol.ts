import { writeRecordBatch, type BatchSequence, type ProducedRecord } from './record-batch';
import type { WireReader, WireWriter } from './wire-buffer';

export const PRODUCE_API = { key: 0, version: 7 } as const;
export const INIT_PRODUCER_ID_API = { key: 22, version: 1 } as const;

/** One partition's part of a produce request. */
export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ProducedRecord[];
  readonly sequence: BatchSequence;
}

/**
 * Produce request v7 (acks -1: every in-sync replica), one record batch per partition, grouped by
 * topic as the protocol requires. Version 7 is the newest before the flexible (tagged-field)
 * encoding and is served by Kafka 2.1 through 4.x.
 */
export function writeProduceRequest(
  writer: WireWriter,
  batches: readonly PartitionBatch[],
  timeoutMs: number,
  timestamp: number,
): void {
  const byTopic = new Map<string, PartitionBatch[]>();
  for (const batch of batches) {
    const group = byTopic.get(batch.topic);
    if (group) group.push(batch);
    else byTopic.set(batch.topic, [batch]);
  }
  writer.string(null); // transactional id
  writer.int16(-1);
  writer.int32(timeoutMs);
  writer.int32(byTopic.size);
  for (const [topic, group] of byTopic) {
    writer.string(topic);
    writer.int32(group.length);
    for (const batch of group) {
      writer.int32(batch.partition);
      const sizeAt = writer.skip32();
      writeRecordBatch(writer, batch.records, batch.sequence, timestamp);
      writer.setInt32(sizeAt, writer.length - sizeAt - 4);
    }
  }
}

export interface PartitionResult {
  readonly topic: string;
  readonly partition: number;
  readonly errorCode: number;
}

export function readProduceResponse(reader: WireReader): PartitionResult[] {
  const results: PartitionResult[] = [];
  const topics = reader.int32();
  for (let t = 0; t < topics; t++) {
    const topic = reader.string() ?? '';
    const partitions = reader.int32();
    for (let p = 0; p < partitions; p++) {
      const partition = reader.int32();
      const errorCode = reader.int16();
      reader.int64(); // base offset
      reader.int64(); // log append time
      reader.int64(); // log start offset
      results.push({ topic, partition, errorCode });
    }
  }
  return results;
}

/** InitProducerId v1 without a transactional id: the broker hands out a producer id and epoch. */
export function writeInitProducerIdRequest(writer: WireWriter): void {
  writer.string(null);
  writer.int32(60_000); // transaction timeout: unused without a transactional id
}

export function readInitProducerIdResponse(reader: WireReader): {
  errorCode: number;
  producerId: bigint;
  producerEpoch: number;
} {
  reader.int32(); // throttle time
  const errorCode = reader.int16();
  const producerId = reader.int64();
  const producerEpoch = reader.int16();
  return { errorCode, producerId, producerEpoch };
}

/** What the producer does about a partition's error code. */
export type ErrorAction = 'ok' | 'retry' | 'reset-producer' | 'fail';

// Kafka's error codes (org.apache.kafka.common.protocol.Errors) that a producer meets.
const ERRORS: Record<number, { name: string; action: ErrorAction }> = {
  0: { name: 'NONE', action: 'ok' },
  2: { name: 'CORRUPT_MESSAGE', action: 'fail' },
  3: { name: 'UNKNOWN_TOPIC_OR_PARTITION', action: 'retry' },
  5: { name: 'LEADER_NOT_AVAILABLE', action: 'retry' },
  6: { name: 'NOT_LEADER_OR_FOLLOWER', action: 'retry' },
  7: { name: 'REQUEST_TIMED_OUT', action: 'retry' },
  10: { name: 'MESSAGE_TOO_LARGE', action: 'fail' },
  13: { name: 'NETWORK_EXCEPTION', action: 'retry' },
  14: { name: 'COORDINATOR_LOAD_IN_PROGRESS', action: 'retry' },
  15: { name: 'COORDINATOR_NOT_AVAILABLE', action: 'retry' },
  16: { name: 'NOT_COORDINATOR', action: 'retry' },
  18: { name: 'RECORD_LIST_TOO_LARGE', action: 'fail' },
  19: { name: 'NOT_ENOUGH_REPLICAS', action: 'retry' },
  20: { name: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', action: 'retry' },
  29: { name: 'TOPIC_AUTHORIZATION_FAILED', action: 'fail' },
  31: { name: 'CLUSTER_AUTHORIZATION_FAILED', action: 'fail' },
  33: { name: 'UNSUPPORTED_SASL_MECHANISM', action: 'fail' },
  34: { name: 'ILLEGAL_SASL_STATE', action: 'fail' },
  // The broker already holds this batch (a retry after a lost acknowledgement): success.
  46: { name: 'DUPLICATE_SEQUENCE_NUMBER', action: 'ok' },
  45: { name: 'OUT_OF_ORDER_SEQUENCE_NUMBER', action: 'reset-producer' },
  47: { name: 'INVALID_PRODUCER_EPOCH', action: 'reset-producer' },
  56: { name: 'KAFKA_STORAGE_ERROR', action: 'retry' },
  58: { name: 'SASL_AUTHENTICATION_FAILED', action: 'fail' },
  59: { name: 'UNKNOWN_PRODUCER_ID', action: 'reset-producer' },
  74: { name: 'FENCED_LEADER_EPOCH', action: 'retry' },
  87: { name: 'INVALID_RECORD', action: 'fail' },
  89: { name: 'THROTTLING_QUOTA_EXCEEDED', action: 'retry' },
};

export function errorAction(code: number): ErrorAction {
  return ERRORS[code]?.action ?? 'fail';
}

export function errorName(code: number): string {
  return ERRORS[code]?.name ?? `error code ${code}`;
}
