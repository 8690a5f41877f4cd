import { HttpStatus, HttpException, PayloadTooLargeException } from '@nestjs/common';
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
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limitBytes) {
        request.destroy();
        throw tooLarge(limitBytes);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof HttpException) throw error;
    // The client went away, or Node cut it off after INGEST_REQUEST_TIMEOUT_MS (it answered 408
    // itself): the client's doing, not a server error, and nothing is left to answer.
    throw new HttpException(
      { error: 'incomplete_body', message: `the body ended early: ${(error as Error).message}` },
      HttpStatus.BAD_REQUEST,
    );
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
