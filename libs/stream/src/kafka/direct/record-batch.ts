import { crc32c } from './crc32c';
import { varintSize, type WireWriter } from './wire-buffer';

/** One record to produce: what libs/stream's OutboundMessage carries once its topic is resolved. */
export interface ProducedRecord {
  readonly key: string | null;
  readonly value: Buffer | string;
  readonly headers?: Record<string, string>;
}

/** The idempotent producer's identity and the batch's first sequence number in its partition. */
export interface BatchSequence {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly baseSequence: number;
}

const HEADER_BYTES = 61;
const MAGIC = 2;
// Where the CRC sits and where the bytes it covers start (attributes .. end of the batch).
const CRC_AT = 17;
const CRC_FROM = 21;

/**
 * Appends one uncompressed RecordBatch (magic 2, the format of Kafka 0.11 and later) holding `records`
 * to `writer`, all stamped with `timestamp` (ms). Keys and values are written straight from their
 * strings or buffers into the writer, and the CRC-32C is computed once over the finished batch.
 */
export function writeRecordBatch(
  writer: WireWriter,
  records: readonly ProducedRecord[],
  sequence: BatchSequence,
  timestamp: number,
): void {
  if (records.length === 0) throw new Error('records: a record batch needs at least one record');
  const start = writer.length;
  writer.reserve(HEADER_BYTES);
  writer.length += HEADER_BYTES;
  for (let i = 0; i < records.length; i++) writeRecord(writer, records[i], i);

  const buffer = writer.buffer;
  buffer.writeBigInt64BE(0n, start); // base offset: the broker assigns offsets
  buffer.writeInt32BE(writer.length - start - 12, start + 8);
  buffer.writeInt32BE(-1, start + 12); // partition leader epoch: set by the broker
  buffer[start + 16] = MAGIC;
  buffer.writeInt16BE(0, start + 21); // attributes: no compression, create time, not transactional
  buffer.writeInt32BE(records.length - 1, start + 23);
  const time = BigInt(timestamp);
  buffer.writeBigInt64BE(time, start + 27);
  buffer.writeBigInt64BE(time, start + 35);
  buffer.writeBigInt64BE(sequence.producerId, start + 43);
  buffer.writeInt16BE(sequence.producerEpoch, start + 51);
  buffer.writeInt32BE(sequence.baseSequence, start + 53);
  buffer.writeInt32BE(records.length, start + 57);
  buffer.writeUInt32BE(crc32c(buffer, start + CRC_FROM, writer.length), start + CRC_AT);
}

function writeRecord(writer: WireWriter, record: ProducedRecord, offsetDelta: number): void {
  const { key, value, headers } = record;
  const keyBytes = key === null ? 0 : Buffer.byteLength(key);
  const valueBytes = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
  const headerEntries = headers ? Object.entries(headers) : [];
  let headerBytes = varintSize(headerEntries.length);
  for (const [name, text] of headerEntries) {
    const nameBytes = Buffer.byteLength(name);
    const textBytes = Buffer.byteLength(text);
    headerBytes += varintSize(nameBytes) + nameBytes + varintSize(textBytes) + textBytes;
  }
  const bodyBytes =
    2 + // attributes and timestamp delta (0: every record carries the batch's timestamp)
    varintSize(offsetDelta) +
    (key === null ? 1 : varintSize(keyBytes) + keyBytes) +
    varintSize(valueBytes) +
    valueBytes +
    headerBytes;
  writer.reserve(bodyBytes + 5);
  writer.varint(bodyBytes);
  writer.int8(0);
  writer.int8(0);
  writer.varint(offsetDelta);
  if (key === null) writer.varint(-1);
  else {
    writer.varint(keyBytes);
    writer.utf8(key, keyBytes);
  }
  writer.varint(valueBytes);
  if (typeof value === 'string') writer.utf8(value, valueBytes);
  else writer.bytes(value);
  writer.varint(headerEntries.length);
  for (const [name, text] of headerEntries) {
    const nameBytes = Buffer.byteLength(name);
    const textBytes = Buffer.byteLength(text);
    writer.varint(nameBytes);
    writer.utf8(name, nameBytes);
    writer.varint(textBytes);
    writer.utf8(text, textBytes);
  }
}
