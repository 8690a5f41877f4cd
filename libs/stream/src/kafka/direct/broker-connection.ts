import { connect, type Socket } from 'node:net';
import { WireReader, WireWriter } from './wire-buffer';

/** The connection failed or closed: the request may or may not have reached the broker. */
export class BrokerConnectionError extends Error {
  override readonly name = 'BrokerConnectionError';
}

interface Pending {
  readonly resolve: (body: WireReader) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * One TCP connection to one broker speaking Kafka's request/response framing: an int32 size, then a
 * request header v1 (api key, api version, correlation id, client id) and the body; responses come
 * back in order with header v0 (the correlation id). Requests may be pipelined. A failed or closed
 * socket, or a request that times out, fails every pending request with a BrokerConnectionError and
 * closes the connection: the caller reconnects.
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
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (error) => this.fail(new BrokerConnectionError(`${address}: ${error.message}`)));
    socket.on('close', () => this.fail(new BrokerConnectionError(`${address}: connection closed`)));
  }

  static open(
    host: string,
    port: number,
    options: { clientId: string; connectTimeoutMs: number; requestTimeoutMs: number },
  ): Promise<BrokerConnection> {
    const address = `${host}:${port}`;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new BrokerConnectionError(`${address}: no connection within ${options.connectTimeoutMs} ms`));
      }, options.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new BrokerConnection(socket, address, options.clientId, options.requestTimeoutMs));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new BrokerConnectionError(`${address}: ${error.message}`));
      });
    });
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
