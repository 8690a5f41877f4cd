import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { KafkaSasl, KafkaTls } from '../../config/kafka-security';
import { authenticateSasl, SaslRejectedError } from '../security/sasl-authentication';
import {
  isTlsFailure,
  KafkaSecurityError,
  mechanismNotEnabled,
  notASaslListener,
  tlsFailed,
} from '../security/security-error';
import { tlsConnectOptions } from '../security/tls-options';
import { errorName } from './produce-protocol';
import {
  ILLEGAL_SASL_STATE,
  readSaslAuthenticateResponse,
  readSaslHandshakeResponse,
  SASL_AUTHENTICATE_API,
  SASL_AUTHENTICATION_FAILED,
  SASL_HANDSHAKE_API,
  UNSUPPORTED_SASL_MECHANISM,
  writeSaslAuthenticateRequest,
  writeSaslHandshakeRequest,
} from './sasl-protocol';
import { WireReader, WireWriter } from './wire-buffer';

/** The connection failed or closed: the request may or may not have reached the broker. */
export class BrokerConnectionError extends Error {
  override readonly name = 'BrokerConnectionError';
}

export interface BrokerConnectionOptions {
  readonly clientId: string;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** TLS instead of plain TCP. */
  readonly tls?: KafkaTls;
  /** SASL authentication before the connection is handed out. */
  readonly sasl?: KafkaSasl;
}

interface Pending {
  readonly resolve: (body: WireReader) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * One TCP (or TLS) connection to one broker speaking Kafka's request/response framing: an int32 size,
 * then a request header v1 (api key, api version, correlation id, client id) and the body; responses
 * come back in order with header v0 (the correlation id). Requests may be pipelined. With SASL the
 * connection authenticates (SaslHandshake v1, then SaslAuthenticate) before it is handed out. A failed or
 * closed socket, or a request that times out, fails every pending request with a BrokerConnectionError
 * and closes the connection: the caller reconnects. A refused certificate, password or mechanism fails
 * with a KafkaSecurityError instead, which no reconnect can fix.
 */
export class BrokerConnection {
  private readonly writer = new WireWriter();
  private readonly pending = new Map<number, Pending>();
  private nextCorrelationId = 1;
  private received: Buffer = Buffer.alloc(0);
  private failure: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly address: string,
    private readonly clientId: string,
    private readonly requestTimeoutMs: number,
    private readonly secured: boolean,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (error) => this.fail(this.connectionError(error)));
    socket.on('close', () => this.fail(new BrokerConnectionError(`${address}: connection closed`)));
  }

  static async open(host: string, port: number, options: BrokerConnectionOptions): Promise<BrokerConnection> {
    const address = `${host}:${port}`;
    const socket = await connectSocket(host, port, options);
    const connection = new BrokerConnection(
      socket,
      address,
      options.clientId,
      options.requestTimeoutMs,
      options.tls !== undefined,
    );
    if (options.sasl) {
      try {
        await connection.authenticate(options.sasl);
      } catch (error) {
        connection.close();
        throw error;
      }
    }
    return connection;
  }

  get usable(): boolean {
    return this.failure === undefined;
  }

  /** Sends one request; resolves with a reader positioned after the response's correlation id. */
  request(apiKey: number, apiVersion: number, writeBody: (writer: WireWriter) => void): Promise<WireReader> {
    if (this.failure) return Promise.reject(this.failure);
    const correlationId = this.nextCorrelationId;
    this.nextCorrelationId = (this.nextCorrelationId + 1) & 0x7fffffff;
    const writer = this.writer;
    writer.reset();
    const sizeAt = writer.skip32();
    writer.int16(apiKey);
    writer.int16(apiVersion);
    writer.int32(correlationId);
    writer.string(this.clientId);
    writeBody(writer);
    writer.setInt32(sizeAt, writer.length - 4);
    // The socket may still hold the bytes after write() returns, and the writer is reused: copy them.
    const frame = Buffer.from(writer.buffer.subarray(0, writer.length));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          this.fail(
            new BrokerConnectionError(
              `${this.address}: no response to api ${apiKey} within ${this.requestTimeoutMs} ms`,
            ),
          ),
        this.requestTimeoutMs,
      );
      this.pending.set(correlationId, { resolve, reject, timer });
      this.socket.write(frame);
    });
  }

  close(): void {
    this.fail(new BrokerConnectionError(`${this.address}: connection closed by the client`));
  }

  private async authenticate(sasl: KafkaSasl): Promise<void> {
    const handshake = readSaslHandshakeResponse(
      await this.request(SASL_HANDSHAKE_API.key, SASL_HANDSHAKE_API.version, (writer) =>
        writeSaslHandshakeRequest(writer, sasl.mechanism),
      ),
    );
    if (handshake.errorCode === UNSUPPORTED_SASL_MECHANISM)
      throw mechanismNotEnabled(sasl, `broker ${this.address}`, handshake.mechanisms);
    if (handshake.errorCode === ILLEGAL_SASL_STATE) throw notASaslListener(`broker ${this.address}`);
    if (handshake.errorCode !== 0) {
      throw new KafkaSecurityError(
        `broker ${this.address} refused the SASL handshake: ${errorName(handshake.errorCode)}`,
      );
    }
    await authenticateSasl(sasl, this.address, async (message) => {
      const response = readSaslAuthenticateResponse(
        await this.request(SASL_AUTHENTICATE_API.key, SASL_AUTHENTICATE_API.version, (writer) =>
          writeSaslAuthenticateRequest(writer, message),
        ),
      );
      if (response.errorCode === SASL_AUTHENTICATION_FAILED)
        throw new SaslRejectedError(response.errorMessage ?? errorName(response.errorCode));
      if (response.errorCode !== 0) {
        throw new KafkaSecurityError(
          `broker ${this.address} refused SASL authentication: ${response.errorMessage ?? errorName(response.errorCode)}`,
        );
      }
      return response.authBytes;
    });
  }

  private connectionError(error: Error): Error {
    // A TLS 1.3 broker refuses a client certificate only after the handshake, on the first read.
    if (this.secured && isTlsFailure(error)) return tlsFailed(`broker ${this.address}`, error);
    return new BrokerConnectionError(`${this.address}: ${error.message}`);
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    while (this.received.length >= 4) {
      const size = this.received.readInt32BE(0);
      if (this.received.length < 4 + size) return;
      const response = this.received.subarray(4, 4 + size);
      this.received = this.received.subarray(4 + size);
      const reader = new WireReader(response);
      const correlationId = reader.int32();
      const pending = this.pending.get(correlationId);
      if (!pending) {
        this.fail(new BrokerConnectionError(`${this.address}: response to unknown request ${correlationId}`));
        return;
      }
      this.pending.delete(correlationId);
      clearTimeout(pending.timer);
      pending.resolve(reader);
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.socket.destroy();
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
  }
}

/** A connected socket, plain or TLS (handshake done); fails after `connectTimeoutMs`. */
function connectSocket(host: string, port: number, options: BrokerConnectionOptions): Promise<Socket> {
  const address = `${host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = options.tls
      ? // SNI carries host names only (RFC 6066); the certificate is still checked against an IP address.
        connectTls({
          host,
          port,
          ...(isIP(host) ? {} : { servername: host }),
          ...tlsConnectOptions(options.tls),
        })
      : connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new BrokerConnectionError(`${address}: no connection within ${options.connectTimeoutMs} ms`));
    }, options.connectTimeoutMs);
    socket.once(options.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(
        options.tls && isTlsFailure(error)
          ? tlsFailed(`broker ${address}`, error)
          : new BrokerConnectionError(`${address}: ${error.message}`),
      );
    });
  });
}
