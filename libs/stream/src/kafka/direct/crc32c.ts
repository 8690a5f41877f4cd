/** CRC-32C (Castagnoli, reflected polynomial 0x82f63b78), the checksum of Kafka's record batches. */
const POLYNOMIAL = 0x82f63b78;

// Slicing-by-8: eight 256-entry tables let the loop fold 8 bytes per step instead of one, which
// makes the checksum a small share of encoding a batch (it covers every byte of every record).
const TABLES = buildTables();

function buildTables(): Int32Array {
  const tables = new Int32Array(8 * 256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    tables[byte] = crc;
  }
  for (let byte = 0; byte < 256; byte++) {
    for (let slice = 1; slice < 8; slice++) {
      const previous = tables[(slice - 1) * 256 + byte];
      tables[slice * 256 + byte] = (previous >>> 8) ^ tables[previous & 0xff];
    }
  }
  return tables;
}

/** The CRC-32C of bytes[start, end), as an unsigned 32-bit integer. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = TABLES;
  let crc = ~0;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const low = (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) ^ crc;
    crc =
      t[1792 + (low & 0xff)] ^
      t[1536 + ((low >>> 8) & 0xff)] ^
      t[1280 + ((low >>> 16) & 0xff)] ^
      t[1024 + (low >>> 24)] ^
      t[768 + bytes[i + 4]] ^
      t[512 + bytes[i + 5]] ^
      t[256 + bytes[i + 6]] ^
      t[bytes[i + 7]];
  }
  for (; i < end; i++) crc = t[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}
