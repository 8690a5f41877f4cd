import { postCodec, type Post } from '@riptide/contracts';
import {
  applyTopicCatalog,
  BatchConsumer,
  createProducerSink,
  kafkaConnectionFromEnv,
  type KafkaConnection,
  type ProducerClient,
} from '@riptide/stream';
import fs, { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalKafka } from '../apps/cli/src/kafka/local-kafka';
import { localKafkaPaths } from '../apps/cli/src/kafka/local-kafka-paths';
import { BrokerConnection } from '../libs/stream/src/kafka/direct/broker-connection';
import { KafkaSecurityError } from '../libs/stream/src/kafka/security/security-error';
import {
  makeTestCertificates,
  type TestCertificates,
} from '../libs/stream/src/kafka/security/test-certificates';
import { readTopicUntil } from './support/kafka-test-env';
import { clientPost } from './support/post-fixtures';

// A broker of this file's own, beside the developer's (9092/9093); 29092-29094 belong to the fault tests.
const PORTS = { port: 19092, controllerPort: 19093 };
const SASL_SSL_PORT = 19094;
const SASL_SSL = `127.0.0.1:${SASL_SSL_PORT}`;
const USER = { name: 'alice', password: 'alice-secret-7f3a' };
const WRONG_PASSWORD = 'not-alice-secret-91c2';
const MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
const PRODUCERS: ProducerClient[] = ['direct', 'kafkajs'];
const POSTS = 300;

describe('Kafka over SASL_SSL (TLS with client certificates, PLAIN and SCRAM)', () => {
  let home: string;
  let certificates: TestCertificates;
  let broker: LocalKafka;
  /** Every write to stdout or stderr (pino, and kafkajs through it, write synchronously), to look for the passwords. */
  const written: string[] = [];

  /** The environment a service would be given; the connection comes from the same parser. */
  const securedConnection = (mechanism: string, overrides: Record<string, string> = {}): KafkaConnection =>
    kafkaConnectionFromEnv('test-sasl-ssl', {
      KAFKA_BROKERS: SASL_SSL,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: certificates.caFile,
      KAFKA_SSL_CERT_FILE: certificates.clientCertFile,
      KAFKA_SSL_KEY_FILE: certificates.clientKeyFile,
      KAFKA_SASL_MECHANISM: mechanism,
      KAFKA_SASL_USERNAME: USER.name,
      KAFKA_SASL_PASSWORD: USER.password,
      ...overrides,
    });

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'riptide-sasl-ssl-'));
    certificates = makeTestCertificates(home);
    broker = new LocalKafka(localKafkaPaths(undefined, home), () => undefined, PORTS, {
      port: SASL_SSL_PORT,
      keystorePemFile: certificates.brokerKeystoreFile,
      truststorePemFile: certificates.caFile,
      users: [USER],
    });
    await broker.start();
    const writeSync = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: never[]) => {
      if (fd === 1 || fd === 2) written.push(String(data));
      return writeSync(fd, data as string, ...rest);
    }) as typeof fs.writeSync);
  }, 180_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await broker?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  describe.each(MECHANISMS)('%s', (mechanism) => {
    it.each(PRODUCERS)(
      'applies the topics, produces with the %s producer and passes posts through a BatchConsumer',
      async (producer) => {
        const connection = securedConnection(mechanism, {
          RIPTIDE_KAFKA_PRODUCER: producer,
          RIPTIDE_TOPIC_PREFIX: `${mechanism}.${producer}.`,
        });
        const report = await applyTopicCatalog(connection);
        expect(
          report.find((difference) => difference.topic === `${mechanism}.${producer}.posts.raw`)?.change,
        ).toBe('created');

        const ids = Array.from({ length: POSTS }, (_, i) => `${mechanism}-${producer}-${i}`);
        const sink = createProducerSink(connection);
        await sink.connect();
        const consumer = new BatchConsumer({
          connection,
          groupId: 'forward',
          subscriptions: [
            {
              topic: 'posts.raw',
              codec: postCodec,
              handler: (messages) =>
                messages.map(({ value, raw }) => ({
                  topic: 'posts.scored',
                  key: (value as Post).id,
                  value: raw,
                })),
            },
          ],
        });
        try {
          await sink.send(
            ids.map((id) => ({
              topic: 'posts.raw',
              key: id,
              value: postCodec.encode({ schema: 'post/v1', ...clientPost(id) } as never),
            })),
          );
          await consumer.start();
          const forwarded = await readTopicUntil(connection, 'posts.scored', (seen) => seen.length >= POSTS);
          expect(new Set(forwarded.map((message) => message.key))).toEqual(new Set(ids));
        } finally {
          await consumer.stop();
          await sink.disconnect();
        }
      },
    );

    it('refuses a wrong password at start, naming user, mechanism and broker, with either producer', async () => {
      const wrong = securedConnection(mechanism, { KAFKA_SASL_PASSWORD: WRONG_PASSWORD });
      const refusal = `Kafka authentication failed for user "alice" via ${mechanism.toUpperCase()} on broker ${SASL_SSL}`;
      // The direct producer's own connection…
      await expect(openDirectConnection(wrong)).rejects.toThrow(
        new KafkaSecurityError(
          `${refusal}: ${brokerReason(mechanism)}; check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`,
        ),
      );
      // …and what a service connects at start: either producer (the direct one learns the cluster
      // through kafkajs's admin client first) and a kafkajs consumer.
      for (const producer of PRODUCERS) {
        const sink = createProducerSink({ ...wrong, producer });
        await expect(sink.connect()).rejects.toThrow(refusal);
        await sink.disconnect().catch(() => undefined);
      }
      await expect(readTopicUntil(wrong, 'posts.raw', () => true)).rejects.toThrow(refusal);
    });
  });

  it('refuses a broker certificate from another CA, naming KAFKA_SSL_CA_FILE', async () => {
    const otherCa = makeTestCertificates(mkdtempSync(join(home, 'other-ca-'))).caFile;
    const untrusting = securedConnection('plain', { KAFKA_SSL_CA_FILE: otherCa });
    const refusal =
      `TLS with broker ${SASL_SSL} failed: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN); ` +
      "the broker's certificate is not trusted; check KAFKA_SSL_CA_FILE";
    await expect(openDirectConnection(untrusting)).rejects.toThrow(refusal);
    // The direct producer at start (its kafkajs admin client meets the certificate first). A kafkajs
    // consumer says the same, after retrying for about 50 s as it does any connection error.
    const sink = createProducerSink(untrusting);
    await expect(sink.connect()).rejects.toThrow(refusal);
    await sink.disconnect().catch(() => undefined);
  });

  it('is refused without a client certificate, naming KAFKA_SSL_CERT_FILE', async () => {
    const anonymous = securedConnection('scram-sha-512', { KAFKA_SSL_CERT_FILE: '', KAFKA_SSL_KEY_FILE: '' });
    const refusal =
      `TLS with broker ${SASL_SSL} failed: ssl/tls alert bad certificate (ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE); ` +
      'the broker refused the client certificate; check KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE';
    // TLS 1.3 lets the client finish its handshake; the broker's refusal arrives on the first read.
    await expect(openDirectConnection(anonymous)).rejects.toThrow(refusal);
    const sink = createProducerSink(anonymous);
    await expect(sink.connect()).rejects.toThrow(refusal);
    await sink.disconnect().catch(() => undefined);
  });

  it('names the setting when SASL meets a listener without it', async () => {
    const plaintext = securedConnection('scram-sha-256', {
      KAFKA_BROKERS: `127.0.0.1:${PORTS.port}`,
      KAFKA_SSL: 'false',
      KAFKA_SSL_CA_FILE: '',
      KAFKA_SSL_CERT_FILE: '',
      KAFKA_SSL_KEY_FILE: '',
    });
    await expect(applyTopicCatalog(plaintext)).rejects.toThrow(
      'a broker refused the SASL handshake (ILLEGAL_SASL_STATE): its listener does not use SASL; ' +
        'check KAFKA_BROKERS, or unset KAFKA_SASL_MECHANISM',
    );
  });

  it('never wrote a password or the private key to stdout or stderr', () => {
    const output = written.join('');
    // kafkajs logged the refusals (so the capture works), and named the user in them.
    expect(output).toContain('Kafka authentication failed for user \\"alice\\"');
    expect(output).not.toContain(USER.password);
    expect(output).not.toContain(WRONG_PASSWORD);
    expect(output).not.toContain(fs.readFileSync(certificates.clientKeyFile, 'utf8').split('\n')[1]);
  });
});

/** The direct producer's own connection to the SASL_SSL listener, TLS and SASL done. */
function openDirectConnection(connection: KafkaConnection): Promise<BrokerConnection> {
  return BrokerConnection.open('127.0.0.1', SASL_SSL_PORT, {
    clientId: 'test',
    connectTimeoutMs: 10_000,
    requestTimeoutMs: 10_000,
    tls: connection.tls,
    sasl: connection.sasl,
  });
}

/** What Kafka 4.1 says about a wrong password, per mechanism. */
function brokerReason(mechanism: string): string {
  return mechanism === 'plain'
    ? 'Authentication failed: Invalid username or password'
    : `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism.toUpperCase()}`;
}
