const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether the JSON text in `bytes[start, end)` nests arrays and objects deeper than `limit`, found by
 * counting brackets outside strings, without parsing. JSON.parse itself copes with any depth, but what
 * runs on the value afterwards (validation, JSON.stringify when producing) recurses and would overflow
 * the stack on a hostile body such as 100,000 `[`.
 */
export function nestsDeeperThan(bytes: Buffer, limit: number, start = 0, end = bytes.length): boolean {
  let depth = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) depth--;
  }
  return false;
}
