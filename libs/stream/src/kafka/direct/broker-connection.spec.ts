import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../config/secret';
import { KafkaSecurityError } from '../security/security-error';
import { BrokerConnection, BrokerConnectionError } from './broker-connection';

/** A stand-in broker on a local port that hands each parsed request frame to `onRequest`. */
async function fakeBroker(
  onRequest: (request: { apiKey: number; correlationId: number; body: Buffer }, socket: Socket) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(4, 4 + pending.readInt32BE(0));
        pending = pending.subarray(4 + frame.length);
        const clientIdLength = frame.readInt16BE(8);
        onRequest(
          {
            apiKey: frame.readInt16BE(0),
            correlationId: frame.readInt32BE(4),
            body: frame.subarray(10 + clientIdLength),
          },
          socket,
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

const response = (correlationId: number, value: number): Buffer => {
  const frame = Buffer.alloc(12);
  frame.writeInt32BE(8, 0);
  frame.writeInt32BE(correlationId, 4);
  frame.writeInt32BE(value, 8);
  return frame;
};

const options = { clientId: 'spec', connectTimeoutMs: 2_000, requestTimeoutMs: 300 };

describe('BrokerConnection', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('matches pipelined responses to their requests, even when a response arrives split into pieces', async () => {
    const broker = await fakeBroker(({ correlationId, body }, socket) => {
      const bytes = response(correlationId, body.readInt32BE(0) * 10);
      // Byte by byte: the reader must reassemble frames across chunks.
      for (const byte of bytes) socket.write(Buffer.from([byte]));
    });
    server = broker.server;
    const connection = await BrokerConnection.open('127.0.0.1', broker.port, options);
    const replies = await Promise.all(
      [1, 2, 3].map((value) =>
        connection.request(0, 7, (writer) => writer.int32(value)).then((r) => r.int32()),
      ),
    );
    expect(replies).toEqual([10, 20, 30]);
    connection.close();
  });

  it('fails every pending request with a BrokerConnectionError when the broker closes the connection', async () => {
    const broker = await fakeBroker((_request, socket) => socket.destroy());
    server = broker.server;
    const connection = await BrokerConnection.open('127.0.0.1', broker.port, options);
    const request = connection.request(0, 7, (writer) => writer.int32(1));
    await expect(request).rejects.toBeInstanceOf(BrokerConnectionError);
    expect(connection.usable).toBe(false);
    await expect(connection.request(0, 7, (writer) => writer.int32(2))).rejects.toThrow(/connection closed/);
  });

  it('gives up on a request the broker never answers, naming the api and the wait', async () => {
    const broker = await fakeBroker(() => undefined);
    server = broker.server;
    const connection = await BrokerConnection.open('127.0.0.1', broker.port, options);
    await expect(connection.request(22, 1, (writer) => writer.int32(1))).rejects.toThrow(
      /no response to api 22 within 300 ms/,
    );
    expect(connection.usable).toBe(false);
  });

  it('refuses to authenticate with a mechanism the broker does not enable, naming what it enables and the setting', async () => {
    // SaslHandshake v1 answered with UNSUPPORTED_SASL_MECHANISM and the listener's mechanisms.
    const broker = await fakeBroker(({ correlationId }, socket) => {
      const mechanism = Buffer.from('PLAIN');
      const frame = Buffer.alloc(4 + 4 + 2 + 4 + 2 + mechanism.length);
      frame.writeInt32BE(frame.length - 4, 0);
      frame.writeInt32BE(correlationId, 4);
      frame.writeInt16BE(33, 8);
      frame.writeInt32BE(1, 10);
      frame.writeInt16BE(mechanism.length, 14);
      mechanism.copy(frame, 16);
      socket.write(frame);
    });
    server = broker.server;
    const sasl = { mechanism: 'SCRAM-SHA-512' as const, username: 'alice', password: new Secret('secret') };
    const opening = BrokerConnection.open('127.0.0.1', broker.port, { ...options, sasl });
    await expect(opening).rejects.toBeInstanceOf(KafkaSecurityError);
    await expect(opening).rejects.toThrow(
      `broker 127.0.0.1:${broker.port} does not enable SASL mechanism SCRAM-SHA-512 (it enables PLAIN); ` +
        'set KAFKA_SASL_MECHANISM to one it enables',
    );
  });

  it('says where it could not connect', async () => {
    const broker = await fakeBroker(() => undefined);
    const port = broker.port;
    await new Promise<void>((resolve) => broker.server.close(() => resolve()));
    await expect(BrokerConnection.open('127.0.0.1', port, options)).rejects.toThrow(
      new RegExp(`^127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
  });
});
