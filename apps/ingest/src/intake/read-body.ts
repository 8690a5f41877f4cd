import { PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';

/**
 * Reads the raw request body, refusing with 413 as soon as it passes `limitBytes` (by Content-Length
 * when the client sends one, else while streaming) so an oversize upload is never buffered whole.
 */
export async function readBody(request: Request, limitBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      request.destroy();
      throw tooLarge(limitBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limitBytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException({
    error: 'payload_too_large',
    message: `the body is larger than ${limitBytes} bytes (INGEST_MAX_BODY_BYTES); split it into smaller batches`,
    limit_bytes: limitBytes,
  });
}
