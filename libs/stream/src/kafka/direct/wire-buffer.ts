/**
 * Kafka's wire format (big-endian integers, int16-length strings, zigzag varints in records) written
 * into one growable buffer that is reused between requests, so encoding a request allocates nothing
 * per message.
 */
export class WireWriter {
  buffer: Buffer;
  length = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  reset(): void {
    this.length = 0;
  }

  /** Makes room for `bytes` more bytes. */
  reserve(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  int8(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value & 0xff;
  }

  int16(value: number): void {
    this.reserve(2);
    this.length = this.buffer.writeInt16BE(value, this.length);
  }

  int32(value: number): void {
    this.reserve(4);
    this.length = this.buffer.writeInt32BE(value, this.length);
  }

  int64(value: bigint): void {
    this.reserve(8);
    this.length = this.buffer.writeBigInt64BE(value, this.length);
  }

  /** A signed 32-bit value as a zigzag varint (record fields). */
  varint(value: number): void {
    this.reserve(5);
    let zigzag = ((value << 1) ^ (value >> 31)) >>> 0;
    while (zigzag >= 0x80) {
      this.buffer[this.length++] = (zigzag & 0x7f) | 0x80;
      zigzag >>>= 7;
    }
    this.buffer[this.length++] = zigzag;
  }

  /** A nullable string with an int16 length (request headers and bodies). */
  string(value: string | null): void {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.byteLength(value);
    this.int16(bytes);
    this.utf8(value, bytes);
  }

  /** Raw bytes, no length. */
  bytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  /** A string's UTF-8 bytes, no length; `bytes` is its Buffer.byteLength. */
  utf8(value: string, bytes: number): void {
    this.reserve(bytes);
    this.length += this.buffer.write(value, this.length, bytes, 'utf8');
  }

  /** Leaves room for an int32 written later with setInt32 (lengths known only afterwards). */
  skip32(): number {
    this.reserve(4);
    const at = this.length;
    this.length += 4;
    return at;
  }

  setInt32(at: number, value: number): void {
    this.buffer.writeInt32BE(value, at);
  }
}

/** Bytes a zigzag varint takes. */
export function varintSize(value: number): number {
  let zigzag = ((value << 1) ^ (value >> 31)) >>> 0;
  let size = 1;
  while (zigzag >= 0x80) {
    zigzag >>>= 7;
    size++;
  }
  return size;
}

/** Reads a response body front to back; running past its end is an error naming what was read. */
export class WireReader {
  private at = 0;

  constructor(private readonly buffer: Buffer) {}

  get remaining(): number {
    return this.buffer.length - this.at;
  }

  int16(): number {
    this.need(2, 'int16');
    const value = this.buffer.readInt16BE(this.at);
    this.at += 2;
    return value;
  }

  int32(): number {
    this.need(4, 'int32');
    const value = this.buffer.readInt32BE(this.at);
    this.at += 4;
    return value;
  }

  int64(): bigint {
    this.need(8, 'int64');
    const value = this.buffer.readBigInt64BE(this.at);
    this.at += 8;
    return value;
  }

  string(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    this.need(length, 'string');
    const value = this.buffer.toString('utf8', this.at, this.at + length);
    this.at += length;
    return value;
  }

  /** Nullable bytes with an int32 length (SASL payloads); a copy, so it outlives the response buffer. */
  lengthPrefixedBytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    this.need(length, 'bytes');
    const value = Buffer.from(this.buffer.subarray(this.at, this.at + length));
    this.at += length;
    return value;
  }

  private need(bytes: number, what: string): void {
    if (this.at + bytes > this.buffer.length)
      throw new Error(`response: truncated reading ${what} at byte ${this.at} of ${this.buffer.length}`);
  }
}
