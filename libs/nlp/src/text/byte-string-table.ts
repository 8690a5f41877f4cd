/** FNV-1a over `bytes[start, end)`: the lookup key of a token held as bytes (cheap, one multiply a byte). */
export function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash | 0;
}

/**
 * A read-only map from ASCII strings to numbers, looked up by bytes without building a string: the
 * fast featuriser asks it for every token (negators, lexicon valence), where a `Map<string, …>` would
 * need a string per token. Keys with a non-ASCII character are left out: the byte path only ever
 * holds ASCII tokens, so they could never match there.
 */
export class ByteStringTable {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly keyHashes: Int32Array;
  private readonly keyStarts: Int32Array;
  private readonly keyBytes: Uint8Array;
  private readonly values: Float64Array;

  constructor(entries: Iterable<readonly [string, number]>) {
    const ascii = Array.from(entries).filter(([key]) => /^[\x00-\x7f]*$/.test(key));
    let capacity = 16;
    while (capacity < ascii.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.keyHashes = new Int32Array(ascii.length);
    this.keyStarts = new Int32Array(ascii.length + 1);
    this.values = new Float64Array(ascii.length);
    this.keyBytes = new Uint8Array(ascii.reduce((sum, [key]) => sum + key.length, 0));
    let offset = 0;
    ascii.forEach(([key, value], entry) => {
      this.keyStarts[entry] = offset;
      for (let i = 0; i < key.length; i++) this.keyBytes[offset++] = key.charCodeAt(i);
      this.keyHashes[entry] = fnv1a(this.keyBytes, this.keyStarts[entry], offset);
      this.values[entry] = value;
      let slot = this.keyHashes[entry] & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry;
    });
    this.keyStarts[ascii.length] = offset;
  }

  /**
   * Entry number of the key equal to `bytes[start, end)`, or -1. `hash` must be
   * `fnv1a(bytes, start, end)` (callers compute it once per token and reuse it).
   */
  find(bytes: Uint8Array, start: number, end: number, hash: number): number {
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot];
      if (entry === -1) return -1;
      if (this.keyHashes[entry] === hash && this.keyEquals(entry, bytes, start, end)) return entry;
    }
  }

  value(entry: number): number {
    return this.values[entry];
  }

  private keyEquals(entry: number, bytes: Uint8Array, start: number, end: number): boolean {
    const keyStart = this.keyStarts[entry];
    if (this.keyStarts[entry + 1] - keyStart !== end - start) return false;
    for (let i = start; i < end; i++) if (this.keyBytes[keyStart + i - start] !== bytes[i]) return false;
    return true;
  }
}
