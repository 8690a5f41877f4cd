import { describe, expect, it } from 'vitest';
import { ByteStringTable, fnv1a } from './byte-string-table';

const bytesOf = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

describe('ByteStringTable', () => {
  const table = new ByteStringTable([
    ['good', 3],
    ['bad', -3],
    ["can't stand", -3],
    ['naïve', -2],
  ]);
  const lookup = (text: string, start = 0, end = text.length) => {
    const bytes = bytesOf(text);
    const entry = table.find(bytes, start, end, fnv1a(bytes, start, end));
    return entry < 0 ? undefined : table.value(entry);
  };

  it('finds keys by their bytes, also inside a larger buffer', () => {
    expect(lookup('good')).toBe(3);
    expect(lookup('xxbadxx', 2, 5)).toBe(-3);
    expect(lookup("can't stand")).toBe(-3);
  });

  it('misses keys it does not hold, prefixes and extensions included', () => {
    expect(lookup('goo')).toBeUndefined();
    expect(lookup('goods')).toBeUndefined();
    expect(lookup('')).toBeUndefined();
  });

  it('leaves out non-ASCII keys, which no byte token can equal', () => {
    expect(lookup('nave')).toBeUndefined();
    expect(lookup('na\u00efve')).toBeUndefined();
  });
});
