const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

export interface JsonShape {
  /** Arrays and objects nest deeper than the limit asked about. */
  readonly tooDeep: boolean;
  /** Elements of a top-level array (counted by its commas), else 1. */
  readonly items: number;
}

/**
 * The shape of the JSON text in `bytes[start, end)`, found by counting brackets and commas outside
 * strings, without parsing. JSON.parse copes with any depth and size, but what runs on the value
 * afterwards (validation, JSON.stringify when producing) recurses and overflows the stack on a hostile
 * body such as 100,000 `[`; and `[{},{},…]` turns 16 MiB of text into millions of objects, so the
 * number of items must be known before parsing. Stops at the first level past `depthLimit`.
 */
export function jsonShape(bytes: Buffer, depthLimit: number, start = 0, end = bytes.length): JsonShape {
  let depth = 0;
  let inString = false;
  let commas = 0;
  let topLevelArray = false;
  let empty = true;
  for (let i = start; i < end; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (depth === 1 && topLevelArray && byte > 0x20 && byte !== CLOSE_BRACKET) empty = false;
    if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (depth === 0 && byte === OPEN_BRACKET) topLevelArray = true;
      if (++depth > depthLimit) return { tooDeep: true, items: 0 };
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) depth--;
    else if (byte === COMMA && depth === 1) commas++;
  }
  if (!topLevelArray) return { tooDeep: false, items: 1 };
  return { tooDeep: false, items: empty ? 0 : commas + 1 };
}
