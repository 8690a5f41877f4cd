import { describe, expect, it } from 'vitest';
import { errorAction, errorName, readProduceResponse, writeProduceRequest } from './produce-protocol';
import { WireReader, WireWriter } from './wire-buffer';

describe('produce protocol', () => {
  it('groups partition batches by topic in the request, each batch with its own size', () => {
    const writer = new WireWriter();
    const sequence = { producerId: 7n, producerEpoch: 0, baseSequence: 0 };
    writeProduceRequest(
      writer,
      [
        { topic: 'a', partition: 0, records: [{ key: 'k', value: 'v' }], sequence },
        { topic: 'b', partition: 2, records: [{ key: null, value: 'w' }], sequence },
        { topic: 'a', partition: 1, records: [{ key: 'k2', value: 'v2' }], sequence },
      ],
      30_000,
      0,
    );
    const buffer = writer.buffer.subarray(0, writer.length);
    // transactional id (null), acks, timeout, topic count
    expect([
      buffer.readInt16BE(0),
      buffer.readInt16BE(2),
      buffer.readInt32BE(4),
      buffer.readInt32BE(8),
    ]).toEqual([-1, -1, 30_000, 2]);
    let at = 12;
    const seen: string[] = [];
    for (let t = 0; t < 2; t++) {
      const nameLength = buffer.readInt16BE(at);
      const topic = buffer.toString('utf8', at + 2, at + 2 + nameLength);
      const partitions = buffer.readInt32BE(at + 2 + nameLength);
      at += 6 + nameLength;
      for (let p = 0; p < partitions; p++) {
        const partition = buffer.readInt32BE(at);
        const size = buffer.readInt32BE(at + 4);
        // The batch's own length field counts what follows its first 12 bytes.
        expect(buffer.readInt32BE(at + 16)).toBe(size - 12);
        seen.push(`${topic}:${partition}`);
        at += 8 + size;
      }
    }
    expect(at).toBe(buffer.length);
    expect(seen).toEqual(['a:0', 'a:1', 'b:2']);
  });

  it('reads partition error codes from a v7 response', () => {
    const writer = new WireWriter();
    writer.int32(1);
    writer.string('posts.scored');
    writer.int32(2);
    for (const [partition, code] of [
      [0, 0],
      [3, 6],
    ]) {
      writer.int32(partition);
      writer.int16(code);
      writer.int64(100n);
      writer.int64(-1n);
      writer.int64(0n);
    }
    writer.int32(0); // throttle time
    expect(
      readProduceResponse(new WireReader(Buffer.from(writer.buffer.subarray(0, writer.length)))),
    ).toEqual([
      { topic: 'posts.scored', partition: 0, errorCode: 0 },
      { topic: 'posts.scored', partition: 3, errorCode: 6 },
    ]);
  });

  it('retries what a leader change or a slow replica causes, accepts a duplicate, renews the producer on sequence errors and fails the rest', () => {
    expect([0, 46].map(errorAction)).toEqual(['ok', 'ok']);
    expect([5, 6, 7, 19, 20].map(errorAction)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry']);
    expect([45, 47, 59].map(errorAction)).toEqual(['reset-producer', 'reset-producer', 'reset-producer']);
    expect([10, 87, 29, 999].map(errorAction)).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(errorName(10)).toBe('MESSAGE_TOO_LARGE');
    expect(errorName(999)).toBe('error code 999');
  });
});
