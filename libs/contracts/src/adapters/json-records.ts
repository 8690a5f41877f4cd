import { invalidJson } from '../codec';
import type { ContractViolation } from '../contract-violation';
import { textLines } from './text-lines';

export type JsonRecord =
  { line: number; ok: true; value: unknown } | { line: number; ok: false; error: ContractViolation };

// A saved API response is often pretty-printed over many lines, while exports are NDJSON. Each line
// is first tried as a whole value; a line that opens an object or array without closing it starts a
// multi-line document, collected until its brackets balance.

/** Bracket depth at the end of `text`, continuing from `depth`; strings are skipped. */
function bracketDepth(text: string, depth: number): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) i++;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b /* { */ || char === 0x5b /* [ */) depth++;
    else if (char === 0x7d /* } */ || char === 0x5d /* ] */) depth--;
  }
  // JSON strings cannot span lines: an open one means a broken line, not a document to continue.
  return inString ? -1 : depth;
}

/** A document bigger than this is a mistake (a missing bracket), not a response page. */
const MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;

function parse(line: number, text: string): JsonRecord {
  try {
    return { line, ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { line, ok: false, error: invalidJson(error) };
  }
}

function unterminated(line: number, reason: string): JsonRecord {
  return {
    line,
    ok: false,
    error: { code: 'invalid_json', field: null, message: `the JSON document starting here ${reason}` },
  };
}

export async function* jsonRecords(source: AsyncIterable<Buffer | string>): AsyncGenerator<JsonRecord> {
  let document: { line: number; parts: string[]; chars: number; depth: number } | null = null;
  for await (const { number, text } of textLines(source)) {
    if (document !== null) {
      // Pretty-printers indent everything inside a document: an unindented opening bracket is the
      // next record, so the open document was truncated.
      if (text.startsWith('{') || text.startsWith('[')) {
        yield unterminated(document.line, `was never closed (line ${number} starts a new one)`);
        document = null;
      } else {
        document.parts.push(text);
        document.chars += text.length;
        document.depth = bracketDepth(text, document.depth);
        if (document.depth <= 0) {
          yield parse(document.line, document.parts.join('\n'));
          document = null;
        } else if (document.chars > MAX_DOCUMENT_CHARS) {
          yield unterminated(document.line, `is not closed within ${MAX_DOCUMENT_CHARS} characters`);
          document = null;
        }
        continue;
      }
    }
    if (text.trim() === '') continue;
    const record = parse(number, text);
    const depth = record.ok ? 0 : bracketDepth(text, 0);
    if (depth > 0) document = { line: number, parts: [text], chars: text.length, depth };
    else yield record;
  }
  if (document !== null) yield unterminated(document.line, 'was never closed (the input ended)');
}
