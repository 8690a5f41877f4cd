import { ByteInterner } from '../table/byte-interner';
import type { ShareTable } from '../table/share-table';

/**
 * Reads shares straight from the bytes of a CSV file (RFC 4180: quoted fields may hold commas,
 * line breaks and doubled quotes). Generic CSV parsers build an array of strings per row, which
 * on these exports costs more than the detection itself; this reader walks the bytes once,
 * hashes the id columns while it scans them, interns ids without cutting strings, and parses
 * times from digits. Only distinct accounts and objects are ever decoded to strings.
 */

/** Which columns of a CSV hold the parts of a share. */
export interface CsvShareLayout {
  readonly account: string;
  readonly object: string;
  readonly time: string;
  /** Column with the id of the sharing post; absent means every row is its own content. */
  readonly content?: string;
}

/** The layouts of the research exports this project reads. `object` is a default the caller may override. */
export const CSV_SHARE_LAYOUTS = {
  /** CooRTweet's `prep_data` output, e.g. russian_coord_tweets. */
  coortweet: { account: 'account_id', object: 'object_id', time: 'timestamp_share', content: 'content_id' },
  /** The QUT coordination-network-toolkit CSV; the default object is the reposted message. */
  qut: { account: 'user_id', object: 'repost_id', time: 'timestamp', content: 'message_id' },
  /** CooRTweet's german_elections: one row per post and object kind; pick the object column. */
  german: { account: 'account_id', object: 'url_id', time: 'timestamp' },
} as const satisfies Record<string, CsvShareLayout>;

export type CsvShareFormat = keyof typeof CSV_SHARE_LAYOUTS;

export interface ReadSharesReport {
  readonly table: ShareTable;
  /** Data rows whose object cell was empty: no share (e.g. a post without a URL). */
  readonly skippedEmptyObject: number;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

// Column roles as plain numbers: the hot loop compares them per field.
const IGNORE = 0;
const ACCOUNT = 1;
const OBJECT = 2;
const TIME = 3;
const CONTENT = 4;

/**
 * Rows with an empty object cell are not shares and are skipped; an empty account or a time that
 * is not a number is an error naming the line and the column.
 */
export function readSharesFromCsv(
  bytes: Uint8Array,
  layout: CsvShareLayout,
  onProgress?: (fraction: number) => void,
): ReadSharesReport {
  const length = bytes.length;
  let position = length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const header = readHeader(bytes, position);
  const roles = assignRoles(header.names, layout);
  position = header.end;

  const accounts = new ByteInterner(bytes, true);
  const objects = new ByteInterner(bytes, true);
  const hasContent = layout.content !== undefined;
  const contents = new ByteInterner(bytes, false, hasContent ? length / 64 : 16);
  let capacity = Math.max(1024, Math.ceil(length / 40));
  let account: Int32Array = new Int32Array(capacity);
  let object: Int32Array = new Int32Array(capacity);
  let content: Int32Array = new Int32Array(capacity);
  let time: Float64Array = new Float64Array(capacity);
  let selfShare: Uint8Array = new Uint8Array(capacity);
  let rows = 0;
  let skippedEmptyObject = 0;
  let line = header.lines + 1;

  while (position < length) {
    const first = bytes[position];
    if (first === LF || first === CR) {
      if (first === LF) line++;
      position++;
      continue;
    }
    const recordLine = line;
    let accountStart = -1;
    let accountEnd = -1;
    let accountHash = 0;
    let objectStart = -1;
    let objectEnd = -1;
    let objectHash = 0;
    let contentStart = -1;
    let contentEnd = -1;
    let contentHash = 0;
    let timeStart = -1;
    let timeEnd = -1;
    let field = 0;
    for (;;) {
      const role = field < roles.length ? roles[field] : IGNORE;
      const hashed = role === ACCOUNT || role === OBJECT || role === CONTENT;
      let hash = FNV_OFFSET;
      let start: number;
      let end: number;
      if (bytes[position] === QUOTE) {
        start = position + 1;
        let cursor = start;
        for (;;) {
          if (cursor >= length) throw new Error(`CSV line ${recordLine}: a quoted field is never closed`);
          const byte = bytes[cursor];
          if (byte === QUOTE) {
            if (bytes[cursor + 1] !== QUOTE) break;
            // A doubled quote stays doubled in the interned range: "a""b" is the only spelling of a"b.
            if (hashed) hash = Math.imul(hash ^ byte, FNV_PRIME);
            cursor++;
          } else if (byte === LF) {
            line++;
          }
          if (hashed) hash = Math.imul(hash ^ byte, FNV_PRIME);
          cursor++;
        }
        end = cursor;
        position = cursor + 1;
      } else {
        start = position;
        if (hashed) {
          let byte = bytes[position];
          while (position < length && byte !== COMMA && byte !== LF && byte !== CR) {
            hash = Math.imul(hash ^ byte, FNV_PRIME);
            byte = bytes[++position];
          }
        } else {
          let byte = bytes[position];
          while (position < length && byte !== COMMA && byte !== LF && byte !== CR) byte = bytes[++position];
        }
        end = position;
      }
      switch (role) {
        case ACCOUNT:
          accountStart = start;
          accountEnd = end;
          accountHash = hash;
          break;
        case OBJECT:
          objectStart = start;
          objectEnd = end;
          objectHash = hash;
          break;
        case CONTENT:
          contentStart = start;
          contentEnd = end;
          contentHash = hash;
          break;
        case TIME:
          timeStart = start;
          timeEnd = end;
          break;
      }
      if (position < length && bytes[position] === COMMA) {
        position++;
        field++;
        continue;
      }
      break;
    }
    if (position < length) {
      if (bytes[position] === CR) position++;
      if (position < length && bytes[position] === LF) position++;
      else if (position < length)
        throw new Error(`CSV line ${recordLine}: unexpected character after a quoted field`);
    }
    line++;

    if (objectEnd <= objectStart) {
      skippedEmptyObject++;
      continue;
    }
    if (accountEnd <= accountStart)
      throw new Error(`CSV line ${recordLine}: column "${layout.account}" (account) is empty`);
    const seconds = timeEnd > timeStart ? parseSeconds(bytes, timeStart, timeEnd) : Number.NaN;
    if (!Number.isFinite(seconds)) {
      const shown = timeEnd > timeStart ? new TextDecoder().decode(bytes.subarray(timeStart, timeEnd)) : '';
      throw new Error(
        `CSV line ${recordLine}: column "${layout.time}" must be a number of seconds, got ${JSON.stringify(shown)}`,
      );
    }
    if (rows === capacity) {
      capacity *= 2;
      account = grownInt32(account, capacity);
      object = grownInt32(object, capacity);
      content = grownInt32(content, capacity);
      const grownTime = new Float64Array(capacity);
      grownTime.set(time);
      time = grownTime;
      const grownSelf = new Uint8Array(capacity);
      grownSelf.set(selfShare);
      selfShare = grownSelf;
    }
    account[rows] = accounts.intern(accountStart, accountEnd, accountHash);
    object[rows] = objects.intern(objectStart, objectEnd, objectHash);
    if (hasContent) {
      content[rows] = contents.intern(contentStart, contentEnd, contentHash);
      selfShare[rows] = sameBytes(bytes, objectStart, objectEnd, contentStart, contentEnd) ? 1 : 0;
    } else {
      content[rows] = rows;
    }
    time[rows] = seconds;
    rows++;
    if (onProgress !== undefined && (rows & 0xffff) === 0) onProgress(position / length);
  }
  onProgress?.(1);
  return {
    table: {
      length: rows,
      account: account.subarray(0, rows),
      object: object.subarray(0, rows),
      content: content.subarray(0, rows),
      time: time.subarray(0, rows),
      selfShare: selfShare.subarray(0, rows),
      accounts: accounts.values.map(unescapeQuotes),
      objects: objects.values.map(unescapeQuotes),
      contentCount: hasContent ? contents.size : rows,
    },
    skippedEmptyObject,
  };
}

/** Decimal seconds ("1623881091.0", "-3", "12.5") from digits; anything else goes to Number(). */
function parseSeconds(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = bytes[i] === 45;
  if (negative) i++;
  let whole = 0;
  let digits = 0;
  while (i < end && bytes[i] >= 48 && bytes[i] <= 57) {
    whole = whole * 10 + (bytes[i++] - 48);
    digits++;
  }
  let fraction = 0;
  let scale = 1;
  if (i < end && bytes[i] === 46) {
    i++;
    while (i < end && bytes[i] >= 48 && bytes[i] <= 57) {
      fraction = fraction * 10 + (bytes[i++] - 48);
      scale *= 10;
      digits++;
    }
  }
  // Exponents, spaces or long fractions: let the engine parse the text exactly.
  if (i !== end || digits === 0 || digits > 15)
    return Number(new TextDecoder().decode(bytes.subarray(start, end)).trim() || Number.NaN);
  const value = scale === 1 ? whole : whole + fraction / scale;
  return negative ? -value : value;
}

function sameBytes(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (bytes[aStart + i] !== bytes[bStart + i]) return false;
  return true;
}

function unescapeQuotes(value: string): string {
  return value.includes('""') ? value.replaceAll('""', '"') : value;
}

function grownInt32(from: Int32Array, capacity: number): Int32Array {
  const to = new Int32Array(capacity);
  to.set(from);
  return to;
}

function readHeader(bytes: Uint8Array, start: number): { names: string[]; end: number; lines: number } {
  let end = start;
  let inQuotes = false;
  while (end < bytes.length && (inQuotes || (bytes[end] !== LF && bytes[end] !== CR))) {
    if (bytes[end] === QUOTE) inQuotes = !inQuotes;
    end++;
  }
  if (end === start) throw new Error('CSV is empty: expected a header line');
  const text = new TextDecoder().decode(bytes.subarray(start, end));
  const names: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      if (quoted && text[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (char === ',' && !quoted) {
      names.push(current.trim());
      current = '';
    } else current += char;
  }
  names.push(current.trim());
  if (bytes[end] === CR) end++;
  if (bytes[end] === LF) end++;
  return { names, end, lines: 1 };
}

function assignRoles(names: readonly string[], layout: CsvShareLayout): Uint8Array {
  const roles = new Uint8Array(names.length);
  const place = (name: string | undefined, role: number, what: string) => {
    if (name === undefined) return;
    const index = names.indexOf(name);
    if (index === -1)
      throw new Error(`CSV header has no column "${name}" (${what}); columns are: ${names.join(', ')}`);
    if (roles[index] !== IGNORE)
      throw new Error(`CSV column "${name}" cannot serve as both ${what} and another part of a share`);
    roles[index] = role;
  };
  place(layout.account, ACCOUNT, 'account');
  place(layout.object, OBJECT, 'object');
  place(layout.time, TIME, 'time');
  place(layout.content, CONTENT, 'content');
  return roles;
}
