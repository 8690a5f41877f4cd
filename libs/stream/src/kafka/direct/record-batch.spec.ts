import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';
import { writeRecordBatch } from './record-batch';
import { WireWriter } from './wire-buffer';

// kafkajs's own RecordBatch decoder is the independent reader: what it decodes is what a consumer sees.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Decoder = require('kafkajs/src/protocol/decoder');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');

interface DecodedRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
  offset: string;
  timestamp: string;
}

async function decode(bytes: Buffer) {
  return (await decodeRecordBatch(new Decoder(bytes))) as {
    firstOffset: string;
    firstTimestamp: string;
    producerId: string;
    producerEpoch: number;
    firstSequence: number;
    records: DecodedRecord[];
  };
}

describe('writeRecordBatch', () => {
  it('writes a batch that kafkajs decodes to the same keys, values, headers and producer fields', async () => {
    const writer = new WireWriter(16);
    writer.int32(12345); // bytes before the batch must not leak into it
    const long = 'x'.repeat(300); // lengths past one varint byte
    writeRecordBatch(
      writer,
      [
        { key: 'post-1', value: Buffer.from('{"a":1}') },
        { key: null, value: 'žluťoučký kůň', headers: { 'riptide-reason': 'schema', h: '' } },
        { key: long, value: long },
      ],
      { producerId: 4242n, producerEpoch: 3, baseSequence: 17 },
      1_764_000_000_000,
    );
    const batch = await decode(Buffer.from(writer.buffer.subarray(4, writer.length)));
    expect(batch.producerId).toBe('4242');
    expect(batch.producerEpoch).toBe(3);
    expect(batch.firstSequence).toBe(17);
    expect(batch.firstTimestamp).toBe('1764000000000');
    expect(
      batch.records.map((r) => ({
        key: r.key?.toString() ?? null,
        value: r.value?.toString(),
        headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, v.toString()])),
        offset: r.offset,
        timestamp: r.timestamp,
      })),
    ).toEqual([
      { key: 'post-1', value: '{"a":1}', headers: {}, offset: '0', timestamp: '1764000000000' },
      {
        key: null,
        value: 'žluťoučký kůň',
        headers: { 'riptide-reason': 'schema', h: '' },
        offset: '1',
        timestamp: '1764000000000',
      },
      { key: long, value: long, headers: {}, offset: '2', timestamp: '1764000000000' },
    ]);
  });

  it('stores the CRC-32C of everything from the attributes on, as brokers check it', () => {
    const writer = new WireWriter();
    writeRecordBatch(
      writer,
      [{ key: 'k', value: 'v' }],
      { producerId: -1n, producerEpoch: -1, baseSequence: -1 },
      0,
    );
    const batch = writer.buffer.subarray(0, writer.length);
    expect(batch.readInt32BE(8)).toBe(batch.length - 12);
    expect(batch[16]).toBe(2);
    expect(batch.readUInt32BE(17)).toBe(crc32c(batch, 21));
  });

  it('refuses an empty batch', () => {
    expect(() =>
      writeRecordBatch(new WireWriter(), [], { producerId: -1n, producerEpoch: -1, baseSequence: -1 }, 0),
    ).toThrow('records: a record batch needs at least one record');
  });
});
