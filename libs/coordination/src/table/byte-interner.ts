/**
 * Interns byte ranges of a source buffer to dense integers without first cutting them into
 * strings: an open-addressing table keyed by a hash the caller computes while scanning (FNV-1a,
 * see `fnv1a`). Only the first occurrence of each value is decoded to a string, and only when
 * `decode` is on, which keeps a 35,000-row parse at a few milliseconds.
 */
export class ByteInterner {
  readonly values: string[] = [];
  private slots: Int32Array;
  private mask: number;
  private hashes = new Int32Array(1024);
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private count = 0;

  constructor(
    private readonly source: Uint8Array,
    private readonly decode: boolean,
    expected = 1024,
  ) {
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Id of `source[start..end)`, whose FNV-1a hash is `hash`. */
  intern(start: number, end: number, hash: number): number {
    const source = this.source;
    const length = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const id = this.slots[slot];
      if (id === -1) break;
      if (this.hashes[id] === hash && this.ends[id] - this.starts[id] === length) {
        let i = 0;
        const other = this.starts[id];
        while (i < length && source[other + i] === source[start + i]) i++;
        if (i === length) return id;
      }
      slot = (slot + 1) & this.mask;
    }
    const id = this.count++;
    if (id === this.hashes.length) this.growRecords();
    this.hashes[id] = hash;
    this.starts[id] = start;
    this.ends[id] = end;
    this.slots[slot] = id;
    if (this.decode) this.values.push(decodeUtf8(source, start, end));
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  private growRecords(): void {
    const size = this.hashes.length * 2;
    const grow = (from: Int32Array) => {
      const to = new Int32Array(size);
      to.set(from);
      return to;
    };
    this.hashes = grow(this.hashes);
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.hashes[id] & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
    }
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over `bytes[start..end)`, as a signed 32-bit integer. */
export function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], FNV_PRIME);
  return hash;
}

const utf8 = new TextDecoder();

function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  // Ids are nearly always ASCII: building the string from char codes beats a decoder call.
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i] > 127) {
      ascii = false;
      break;
    }
  }
  if (!ascii) return utf8.decode(bytes.subarray(start, end));
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}
