import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificates {
  /** The CA that signed both certificates: the client's trust anchor and the broker's truststore. */
  readonly caFile: string;
  /** The broker's key and certificate chain in one PEM file (Kafka's PEM keystore), valid for 127.0.0.1. */
  readonly brokerKeystoreFile: string;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
}

/**
 * A throwaway CA, a broker certificate for 127.0.0.1 and a client certificate, made with openssl in
 * `dir`: for the specs and the secured-broker integration test, never for a deployment.
 */
export function makeTestCertificates(dir: string): TestCertificates {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=riptide-test-ca',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
  );
  const signed = (name: string, subject: string, extensions: string) => {
    // genpkey writes PKCS#8, which Kafka's PEM keystore requires.
    openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file(`${name}.key`));
    openssl('req', '-new', '-key', file(`${name}.key`), '-subj', subject, '-out', file(`${name}.csr`));
    writeFileSync(file(`${name}.ext`), extensions);
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      file(`${name}.ext`),
      '-out',
      file(`${name}.pem`),
    );
  };
  signed('broker', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  signed('client', '/CN=riptide-test-client', 'extendedKeyUsage=clientAuth\n');
  writeFileSync(
    file('broker-keystore.pem'),
    readFileSync(file('broker.key'), 'utf8') +
      readFileSync(file('broker.pem'), 'utf8') +
      readFileSync(file('ca.pem'), 'utf8'),
  );
  return {
    caFile: file('ca.pem'),
    brokerKeystoreFile: file('broker-keystore.pem'),
    clientCertFile: file('client.pem'),
    clientKeyFile: file('client.key'),
  };
}
