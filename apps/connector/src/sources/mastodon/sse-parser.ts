/** One dispatched server-sent event, or the notice that one was too big to keep. */
export type SseFrame =
  | { readonly kind: 'event'; readonly event: string; readonly data: string; readonly bytes: number }
  | { readonly kind: 'oversized'; readonly bytes: number };

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;

/**
 * An incremental parser of a `text/event-stream` body (the WHATWG server-sent events format) fed chunk
 * by chunk as the network delivers them: lines end in LF, CRLF or CR (a CRLF may be split across two
 * chunks), a line may span chunks, `data:` lines of one event join with newlines and a blank line
 * dispatches it. Comment lines (`:thump`, Mastodon's heartbeat) carry nothing: the caller counts any
 * byte received as liveness.
 *
 * Lines are split on bytes, not characters, so that a frame's size is known in bytes before it is
 * decoded and a UTF-8 sequence cut by a chunk boundary is never decoded in halves (CR and LF never occur
 * inside a multi-byte sequence). A frame growing past `maxFrameBytes` is dropped as it streams: its
 * bytes are counted, not kept, and it is reported once, when its blank line arrives. Comment lines do not
 * count towards a frame, so that hours of heartbeats before an event never make it oversized. Each line
 * terminator counts as one byte.
 */
export class SseParser {
  /** The start of the current line when it spans chunks (kept only while the frame is within bounds). */
  private lineParts: Uint8Array[] = [];
  private lineBytes = 0;
  private lastWasCr = false;
  private eventType = '';
  private dataLines: string[] = [];
  private frameBytes = 0;
  private discarding = false;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Uint8Array): SseFrame[] {
    const frames: SseFrame[] = [];
    let start = 0;
    if (this.lastWasCr && chunk.length > 0) {
      this.lastWasCr = false;
      if (chunk[0] === LF) start = 1; // the second half of a CRLF split across chunks
    }
    let nextCr = -2; // unknown; -1 once known to be absent from the rest of the chunk
    while (start < chunk.length) {
      if (nextCr !== -1 && nextCr < start) nextCr = chunk.indexOf(CR, start);
      const nextLf = chunk.indexOf(LF, start);
      const end = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextCr, nextLf);
      if (end === -1) {
        this.keepPartialLine(chunk.subarray(start));
        break;
      }
      this.endLine(chunk.subarray(start, end), frames);
      if (chunk[end] === CR && end + 1 === chunk.length) this.lastWasCr = true;
      start = chunk[end] === CR && chunk[end + 1] === LF ? end + 2 : end + 1;
    }
    return frames;
  }

  private keepPartialLine(part: Uint8Array): void {
    this.lineBytes += part.length;
    if (this.discarding) return;
    if (this.frameBytes + this.lineBytes > this.maxFrameBytes) {
      this.startDiscarding();
      return;
    }
    this.lineParts.push(part);
  }

  private endLine(tail: Uint8Array, frames: SseFrame[]): void {
    const length = this.lineBytes + tail.length;
    if (length === 0) {
      this.dispatch(frames);
      return;
    }
    if (this.discarding) {
      this.frameBytes += length + 1;
      this.lineBytes = 0;
      return;
    }
    const firstByte = this.lineParts.length > 0 ? this.lineParts[0][0] : tail[0];
    if (firstByte === COLON) {
      this.resetLine();
      return;
    }
    this.frameBytes += length + 1;
    if (this.frameBytes > this.maxFrameBytes) {
      this.startDiscarding();
      this.resetLine();
      return;
    }
    const line = this.decodeLine(tail);
    this.resetLine();
    this.applyField(line);
  }

  private decodeLine(tail: Uint8Array): string {
    if (this.lineParts.length === 0) return utf8(tail);
    return utf8(Buffer.concat([...this.lineParts, tail]));
  }

  private applyField(line: string): void {
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.eventType = value;
    else if (field === 'data') this.dataLines.push(value);
    // `id` and `retry` steer a browser's EventSource reconnects; this client resumes through REST instead.
  }

  private dispatch(frames: SseFrame[]): void {
    const bytes = this.frameBytes + 1;
    if (this.discarding) frames.push({ kind: 'oversized', bytes });
    else if (this.dataLines.length > 0)
      frames.push({
        kind: 'event',
        event: this.eventType || 'message',
        data: this.dataLines.join('\n'),
        bytes,
      });
    // A frame without data (an `event:` line alone) dispatches nothing, as in EventSource.
    this.eventType = '';
    this.dataLines = [];
    this.frameBytes = 0;
    this.discarding = false;
    this.resetLine();
  }

  private startDiscarding(): void {
    this.discarding = true;
    this.eventType = '';
    this.dataLines = [];
    this.lineParts = [];
  }

  private resetLine(): void {
    this.lineParts = [];
    this.lineBytes = 0;
  }
}

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
