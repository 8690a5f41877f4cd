import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';

describe('crc32c', () => {
  it('gives the standard check value and the RFC 3720 (iSCSI) test vectors', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it('covers only the range asked for, whatever its alignment', () => {
    const text = Buffer.from('xx123456789yyy');
    expect(crc32c(text, 2, 11)).toBe(0xe3069283);
    // A range whose length is not a multiple of 8 goes through the byte-at-a-time tail.
    const bytes = Uint8Array.from({ length: 37 }, (_, i) => (i * 31) & 0xff);
    let bitwise = ~0;
    for (const byte of bytes.subarray(3, 37)) {
      bitwise ^= byte;
      for (let bit = 0; bit < 8; bit++) bitwise = bitwise & 1 ? (bitwise >>> 1) ^ 0x82f63b78 : bitwise >>> 1;
    }
    expect(crc32c(bytes, 3, 37)).toBe(~bitwise >>> 0);
  });
});
