import { describe, expect, it } from 'vitest';
import { varintSize, WireReader, WireWriter } from './wire-buffer';

const written = (write: (writer: WireWriter) => void): number[] => {
  const writer = new WireWriter(2);
  write(writer);
  return [...writer.buffer.subarray(0, writer.length)];
};

describe('WireWriter', () => {
  it('writes zigzag varints as Kafka records expect (the protocol guide examples)', () => {
    expect(written((w) => w.varint(0))).toEqual([0x00]);
    expect(written((w) => w.varint(-1))).toEqual([0x01]);
    expect(written((w) => w.varint(1))).toEqual([0x02]);
    expect(written((w) => w.varint(-64))).toEqual([0x7f]);
    expect(written((w) => w.varint(64))).toEqual([0x80, 0x01]);
    expect(written((w) => w.varint(300))).toEqual([0xd8, 0x04]);
    expect(written((w) => w.varint(2 ** 31 - 1))).toEqual([0xfe, 0xff, 0xff, 0xff, 0x0f]);
    expect(written((w) => w.varint(-(2 ** 31)))).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    for (const value of [0, -1, 63, 64, -65, 8191, 8192, 2 ** 20, -(2 ** 28), 2 ** 31 - 1])
      expect(varintSize(value)).toBe(written((w) => w.varint(value)).length);
  });

  it('grows past its first buffer and keeps what was written; strings carry an int16 length', () => {
    const writer = new WireWriter(4);
    writer.int32(7);
    writer.string('héllo');
    writer.string(null);
    const at = writer.skip32();
    writer.int64(-2n);
    writer.setInt32(at, 99);
    const reader = new WireReader(Buffer.from(writer.buffer.subarray(0, writer.length)));
    expect([reader.int32(), reader.string(), reader.string(), reader.int32(), reader.int64()]).toEqual([
      7,
      'héllo',
      null,
      99,
      -2n,
    ]);
    expect(reader.remaining).toBe(0);
    expect(() => reader.int16()).toThrow('response: truncated reading int16 at byte 26 of 26');
  });

  it('reads int32-length bytes (SASL payloads) as a copy, and -1 as null', () => {
    const response = Buffer.from([0, 0, 0, 2, 0xab, 0xcd, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 9]);
    const reader = new WireReader(response);
    const bytes = reader.lengthPrefixedBytes();
    response[4] = 0;
    expect(bytes).toEqual(Buffer.from([0xab, 0xcd]));
    expect(reader.lengthPrefixedBytes()).toBeNull();
    expect(() => reader.lengthPrefixedBytes()).toThrow('response: truncated reading bytes at byte 14 of 14');
  });
});
