import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestCertificates } from '../kafka/security/test-certificates';
import { kafkaConnectionFromEnv } from './kafka-connection';

const dir = mkdtempSync(join(tmpdir(), 'riptide-kafka-security-'));
const certificates = makeTestCertificates(dir);
const passwordFile = join(dir, 'password');
writeFileSync(passwordFile, 'from-a-file\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const secured = {
  KAFKA_SSL: 'true',
  KAFKA_SSL_CA_FILE: certificates.caFile,
  KAFKA_SSL_CERT_FILE: certificates.clientCertFile,
  KAFKA_SSL_KEY_FILE: certificates.clientKeyFile,
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: 'alice',
  KAFKA_SASL_PASSWORD: 'alice-secret',
};
const connectionFrom = (env: Record<string, string>) => kafkaConnectionFromEnv('x', env);

describe('Kafka TLS and SASL settings', () => {
  it('reads the CA, the client certificate and key, and the SASL credentials', () => {
    const { tls, sasl } = connectionFrom(secured);
    expect(tls?.ca).toContain('BEGIN CERTIFICATE');
    expect(tls?.cert).toContain('BEGIN CERTIFICATE');
    expect(tls?.key?.reveal()).toContain('BEGIN PRIVATE KEY');
    expect(tls?.rejectUnauthorized).toBe(true);
    expect(sasl?.mechanism).toBe('SCRAM-SHA-512');
    expect(sasl?.username).toBe('alice');
    expect(sasl?.password.reveal()).toBe('alice-secret');
  });

  it('takes the password from a file without its trailing newline, and TLS with only a CA', () => {
    const { tls, sasl } = connectionFrom({
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: certificates.caFile,
      KAFKA_SSL_REJECT_UNAUTHORIZED: 'false',
      KAFKA_SASL_MECHANISM: 'PLAIN',
      KAFKA_SASL_USERNAME: 'alice',
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
    });
    expect(sasl?.password.reveal()).toBe('from-a-file');
    expect(tls?.rejectUnauthorized).toBe(false);
    expect(tls?.cert).toBeUndefined();
  });

  it('keeps the password and the private key out of JSON, inspect and pino, but not out of a copy', () => {
    const connection = connectionFrom(secured);
    const key = connection.tls?.key?.reveal() ?? '';
    const logged: string[] = [];
    pino({}, { write: (line: string) => logged.push(line) }).info({ connection }, 'connecting');
    for (const printed of [JSON.stringify(connection), inspect(connection, { depth: 9 }), logged.join('')]) {
      expect(printed).toContain('alice');
      expect(printed).toContain('[redacted]');
      expect(printed).not.toContain('alice-secret');
      expect(printed).not.toContain(key.split('\n')[1]);
    }
    expect(`${connection.sasl?.password}`).toBe('[redacted]');
    // Services copy the connection with another topic prefix: the secret must come along.
    expect({ ...connection, topicPrefix: 'p.' }.sasl?.password.reveal()).toBe('alice-secret');
  });

  it.each([
    [{ KAFKA_SSL: 'yes' }, 'KAFKA_SSL must be true or false, got "yes"'],
    [{ KAFKA_SSL_CA_FILE: certificates.caFile }, 'KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not "true"'],
    [
      { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'nope.pem') },
      /KAFKA_SSL_CA_FILE: cannot read .*nope\.pem \(ENOENT\)/,
    ],
    [
      { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: passwordFile },
      /KAFKA_SSL_CA_FILE: .*password holds no PEM certificate/,
    ],
    [
      { KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: certificates.clientCertFile },
      'KAFKA_SSL_CERT_FILE is set without KAFKA_SSL_KEY_FILE',
    ],
    [
      {
        KAFKA_SSL: 'true',
        KAFKA_SSL_CERT_FILE: certificates.clientCertFile,
        KAFKA_SSL_KEY_FILE: join(dir, 'ca.key'),
      },
      /KAFKA_SSL_KEY_FILE: the key in .*ca\.key does not belong to the certificate in .*client\.pem/,
    ],
    [
      { KAFKA_SASL_MECHANISM: 'gssapi' },
      'KAFKA_SASL_MECHANISM: "gssapi" is not supported; use one of plain, scram-sha-256, scram-sha-512',
    ],
    [{ KAFKA_SASL_USERNAME: 'alice' }, 'KAFKA_SASL_USERNAME is set but KAFKA_SASL_MECHANISM is not'],
    [
      { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'p' },
      'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM=plain',
    ],
    [
      { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'alice' },
      'KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE is required with KAFKA_SASL_MECHANISM',
    ],
    [
      {
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'a',
        KAFKA_SASL_PASSWORD: 'p',
        KAFKA_SASL_PASSWORD_FILE: passwordFile,
      },
      'set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both',
    ],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => connectionFrom(env)).toThrow(message);
  });
});
