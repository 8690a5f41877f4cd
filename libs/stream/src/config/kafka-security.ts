import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, envString } from '@riptide/observability';
import { readSecretFile, Secret } from './secret';

/** TLS to every broker (KAFKA_SSL=true). */
export interface KafkaTls {
  /** PEM CA certificates the brokers' certificates must chain to; Node's bundled CAs when absent. */
  readonly ca?: string;
  /** PEM client certificate and its private key, for brokers that require client authentication. */
  readonly cert?: string;
  readonly key?: Secret;
  readonly rejectUnauthorized: boolean;
}

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
/** As the broker names it in `sasl.enabled.mechanisms` and the SaslHandshake. */
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface KafkaSasl {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  readonly password: Secret;
}

type Env = Record<string, string | undefined>;

const TLS_FILE_VARIABLES = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const;
const SASL_DETAIL_VARIABLES = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'];

/**
 * KAFKA_SSL (true/false), KAFKA_SSL_CA_FILE, KAFKA_SSL_CERT_FILE with KAFKA_SSL_KEY_FILE,
 * KAFKA_SSL_REJECT_UNAUTHORIZED (default true). The files are read and parsed now, so that a wrong path
 * or a key that does not match its certificate stops the process at start, naming the variable.
 */
export function kafkaTlsFromEnv(env: Env): KafkaTls | undefined {
  const enabled = envBoolean('KAFKA_SSL', false, env);
  if (!enabled) {
    const stray = [...TLS_FILE_VARIABLES, 'KAFKA_SSL_REJECT_UNAUTHORIZED'].find((name) => env[name]);
    if (stray) throw new ConfigError(`${stray} is set but KAFKA_SSL is not "true"; set KAFKA_SSL=true`);
    return undefined;
  }
  const ca = env.KAFKA_SSL_CA_FILE ? readCertificates('KAFKA_SSL_CA_FILE', env.KAFKA_SSL_CA_FILE) : undefined;
  const certFile = env.KAFKA_SSL_CERT_FILE;
  const keyFile = env.KAFKA_SSL_KEY_FILE;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new ConfigError(
      `${certFile ? 'KAFKA_SSL_CERT_FILE' : 'KAFKA_SSL_KEY_FILE'} is set without ` +
        `${certFile ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE'}: a client certificate needs its key`,
    );
  }
  const tls: KafkaTls = {
    rejectUnauthorized: envBoolean('KAFKA_SSL_REJECT_UNAUTHORIZED', true, env),
    ...(ca && { ca }),
  };
  if (!certFile || !keyFile) return tls;
  const cert = readCertificates('KAFKA_SSL_CERT_FILE', certFile);
  const key = readPrivateKey(keyFile);
  if (!new X509Certificate(cert).checkPrivateKey(key.object)) {
    throw new ConfigError(
      `KAFKA_SSL_KEY_FILE: the key in ${keyFile} does not belong to the certificate in ${certFile} (KAFKA_SSL_CERT_FILE)`,
    );
  }
  return { ...tls, cert, key: key.secret };
}

/**
 * KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512; none when unset), KAFKA_SASL_USERNAME and
 * KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE (one of them; a file's trailing newline is dropped).
 */
export function kafkaSaslFromEnv(env: Env): KafkaSasl | undefined {
  const raw = envString('KAFKA_SASL_MECHANISM', '', env);
  if (raw === '') {
    const stray = SASL_DETAIL_VARIABLES.find((name) => env[name]);
    if (stray) throw new ConfigError(`${stray} is set but KAFKA_SASL_MECHANISM is not`);
    return undefined;
  }
  const mechanism = SASL_MECHANISMS.find((name) => name === raw.toUpperCase());
  if (!mechanism) {
    throw new ConfigError(
      `KAFKA_SASL_MECHANISM: "${raw}" is not supported; use one of ${SASL_MECHANISMS.map((name) => name.toLowerCase()).join(', ')}`,
    );
  }
  const username = envString('KAFKA_SASL_USERNAME', '', env);
  if (username === '')
    throw new ConfigError(`KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM=${raw}`);
  return { mechanism, username, password: readPassword(env) };
}

function readPassword(env: Env): Secret {
  const inline = env.KAFKA_SASL_PASSWORD;
  const file = env.KAFKA_SASL_PASSWORD_FILE;
  if (inline && file) throw new ConfigError('set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both');
  if (inline) return new Secret(inline, { env: 'KAFKA_SASL_PASSWORD' });
  if (!file)
    throw new ConfigError(
      'KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE is required with KAFKA_SASL_MECHANISM',
    );
  const password = readFile('KAFKA_SASL_PASSWORD_FILE', file, readSecretFile);
  if (password === '') throw new ConfigError(`KAFKA_SASL_PASSWORD_FILE: ${file} is empty`);
  return new Secret(password, { file });
}

function envBoolean(name: string, fallback: boolean, env: Env): boolean {
  const raw = envString(name, String(fallback), env).toLowerCase();
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function readFile(
  variable: string,
  file: string,
  read = (path: string) => readFileSync(path, 'utf8'),
): string {
  try {
    return read(file);
  } catch (error) {
    throw new ConfigError(
      `${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

/** The file's text, once Node has parsed its (first) certificate. */
function readCertificates(variable: string, file: string): string {
  const pem = readFile(variable, file);
  try {
    new X509Certificate(pem);
  } catch (error) {
    throw new ConfigError(`${variable}: ${file} holds no PEM certificate (${(error as Error).message})`);
  }
  return pem;
}

function readPrivateKey(file: string): { secret: Secret; object: KeyObject } {
  const pem = readFile('KAFKA_SSL_KEY_FILE', file);
  try {
    return { secret: new Secret(pem, { file }), object: createPrivateKey(pem) };
  } catch (error) {
    // Riptide has no setting for a key passphrase: an encrypted key fails here too.
    throw new ConfigError(
      `KAFKA_SSL_KEY_FILE: ${file} holds no unencrypted PEM private key (${(error as Error).message})`,
    );
  }
}
