import type { ReadableStreamReadResult } from 'node:stream/web';
import { SseParser, type SseFrame } from './sse-parser';

/** Nothing, not even a heartbeat, arrived within the stall timeout. */
export class StalledError extends Error {
  constructor(timeoutMs: number) {
    super(`nothing received for ${timeoutMs} ms`);
    this.name = 'StalledError';
  }
}

/**
 * The frames of a server-sent events body, read only as fast as they are consumed: the next chunk is
 * read when the consumer asks for the next frame, so a consumer waiting for its sink leaves the bytes in
 * the socket and TCP slows the server down. Any byte counts as liveness (Mastodon's heartbeat is a
 * comment line every 15 s); the stall clock runs only while a read is outstanding, never while the
 * consumer holds back. Ends when the server ends the body.
 */
export async function* readSseFrames(
  body: ReadableStream<Uint8Array>,
  maxFrameBytes: number,
  stallTimeoutMs: number,
): AsyncGenerator<SseFrame, void, undefined> {
  const parser = new SseParser(maxFrameBytes);
  const reader = body.getReader();
  try {
    for (;;) {
      const chunk = await readWithin(reader, stallTimeoutMs);
      if (chunk.done) return;
      yield* parser.push(chunk.value);
    }
  } finally {
    // Releases the connection when the consumer stops early, stalls or fails.
    await reader.cancel().catch(() => undefined);
  }
}

async function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  timeoutMs: number,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StalledError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([reader.read(), stalled]);
  } finally {
    clearTimeout(timer);
  }
}
