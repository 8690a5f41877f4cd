import { describe, expect, it } from 'vitest';
import { SseParser, type SseFrame } from './sse-parser';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Feeds the text cut at the given byte offsets and collects every frame. */
function parse(text: string, cuts: number[] = [], maxFrameBytes = 1024): SseFrame[] {
  const parser = new SseParser(maxFrameBytes);
  const all = bytes(text);
  const frames: SseFrame[] = [];
  let from = 0;
  for (const cut of [...cuts, all.length]) {
    frames.push(...parser.push(all.subarray(from, cut)));
    from = cut;
  }
  return frames;
}

const events = (frames: SseFrame[]) =>
  frames.map((frame) => (frame.kind === 'event' ? [frame.event, frame.data] : [frame.kind]));

describe('SseParser', () => {
  it('dispatches an event at its blank line with its type and data', () => {
    expect(parse('event: update\ndata: {"id":"1"}\n\n')).toEqual([
      { kind: 'event', event: 'update', data: '{"id":"1"}', bytes: 32 },
    ]);
  });

  it('joins multi-line data with newlines and defaults the type to message', () => {
    expect(events(parse('data: a\ndata:b\ndata:  c\n\n'))).toEqual([['message', 'a\nb\n c']]);
  });

  it('reads CRLF, LF and CR line endings alike', () => {
    const text = 'event: delete\r\ndata: 1\r\n\r\nevent: delete\rdata: 2\r\revent: delete\ndata: 3\n\n';
    expect(events(parse(text))).toEqual([
      ['delete', '1'],
      ['delete', '2'],
      ['delete', '3'],
    ]);
  });

  it('gives the same frames whatever the chunk boundaries, CRLF and UTF-8 sequences cut included', () => {
    const text =
      'event: update\r\ndata: {"content":"café ☕"}\r\n\r\n:thump\r\nevent: delete\r\ndata: 42\r\n\r\n';
    const whole = parse(text);
    const length = bytes(text).length;
    for (let cut = 1; cut < length; cut++) expect(parse(text, [cut])).toEqual(whole);
    expect(
      parse(
        text,
        Array.from({ length: length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(whole);
    expect(events(whole)).toEqual([
      ['update', '{"content":"café ☕"}'],
      ['delete', '42'],
    ]);
  });

  it('ignores comment lines (heartbeats) and frames without data', () => {
    expect(parse(':thump\n:thump\n\nevent: update\n\n')).toEqual([]);
  });

  it('does not count heartbeats before an event towards its size', () => {
    const heartbeats = ':thump\n'.repeat(100);
    expect(events(parse(`${heartbeats}event: delete\ndata: 7\n\n`, [], 64))).toEqual([['delete', '7']]);
  });

  it('drops a frame bigger than the limit, reports it once, and reads the next one', () => {
    const big = `event: update\ndata: ${'x'.repeat(500)}\ndata: ${'y'.repeat(500)}\n\n`;
    const frames = parse(`${big}event: delete\ndata: 9\n\n`, [30, 200, 700], 256);
    expect(frames).toEqual([
      { kind: 'oversized', bytes: bytes(big).length },
      { kind: 'event', event: 'delete', data: '9', bytes: 23 },
    ]);
  });

  it('never keeps more than the limit of an oversized line streaming in', () => {
    const parser = new SseParser(100);
    expect(parser.push(bytes('data: '))).toEqual([]);
    for (let i = 0; i < 1000; i++) expect(parser.push(bytes('z'.repeat(1000)))).toEqual([]);
    // The parser's buffered line parts are bounded by the limit: it kept none of the megabyte.
    expect((parser as unknown as { lineParts: Uint8Array[] }).lineParts).toEqual([]);
    expect(parser.push(bytes('\n\nevent: delete\ndata: 3\n\n'))).toEqual([
      { kind: 'oversized', bytes: 1_000_006 + 2 },
      { kind: 'event', event: 'delete', data: '3', bytes: 23 },
    ]);
  });
});
