import { StringDecoder } from 'node:string_decoder';

export interface TextLine {
  /** 1-based. */
  number: number;
  text: string;
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Splits a stream of chunks into lines without holding more than one partial line. A StringDecoder
 * keeps a multi-byte UTF-8 character that straddles two chunks whole. Strips a leading BOM and the
 * `\r` of CRLF endings.
 */
export async function* textLines(source: AsyncIterable<Buffer | string>): AsyncGenerator<TextLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let number = 0;
  let first = true;
  const emit = function* (text: string): Generator<TextLine> {
    number++;
    if (first) {
      first = false;
      if (text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
    }
    yield { number, text: text.endsWith('\r') ? text.slice(0, -1) : text };
  };
  for await (const chunk of source) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
      yield* emit(pending.slice(start, end));
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending !== '') yield* emit(pending);
}
