import type { WireReader, WireWriter } from './wire-buffer';

export const SASL_HANDSHAKE_API = { key: 17, version: 1 } as const;
export const SASL_AUTHENTICATE_API = { key: 36, version: 1 } as const;

// Error codes a SASL exchange meets (org.apache.kafka.common.protocol.Errors).
export const UNSUPPORTED_SASL_MECHANISM = 33;
export const ILLEGAL_SASL_STATE = 34;
export const SASL_AUTHENTICATION_FAILED = 58;

/**
 * SaslHandshake v1 names the mechanism; the broker answers with the mechanisms its listener enables.
 * Version 1 means the SASL messages that follow travel inside SaslAuthenticate requests.
 */
export function writeSaslHandshakeRequest(writer: WireWriter, mechanism: string): void {
  writer.string(mechanism);
}

export function readSaslHandshakeResponse(reader: WireReader): { errorCode: number; mechanisms: string[] } {
  const errorCode = reader.int16();
  const count = reader.int32();
  const mechanisms: string[] = [];
  for (let i = 0; i < count; i++) mechanisms.push(reader.string() ?? '');
  return { errorCode, mechanisms };
}

/** SaslAuthenticate v1: one SASL message each way (v2 is the flexible encoding). */
export function writeSaslAuthenticateRequest(writer: WireWriter, authBytes: Buffer): void {
  writer.int32(authBytes.length);
  writer.bytes(authBytes);
}

export function readSaslAuthenticateResponse(reader: WireReader): {
  errorCode: number;
  errorMessage: string | null;
  authBytes: Buffer;
} {
  const errorCode = reader.int16();
  const errorMessage = reader.string();
  const authBytes = reader.lengthPrefixedBytes() ?? Buffer.alloc(0);
  reader.int64(); // session lifetime: Riptide does not re-authenticate (docs/stream.md, Limits)
  return { errorCode, errorMessage, authBytes };
}
