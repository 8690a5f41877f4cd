import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  type KafkaConfig,
  type Mechanism,
} from 'kafkajs';
import type { KafkaConnection } from '../../config/kafka-connection';
import type { KafkaSasl } from '../../config/kafka-security';
import { authenticateSasl, SaslRejectedError } from './sasl-authentication';
import {
  isTlsFailure,
  KafkaSecurityError,
  mechanismNotEnabled,
  notASaslListener,
  tlsFailed,
} from './security-error';
import { tlsConnectOptions } from './tls-options';

/** kafkajs's SaslAuthenticate wrapper hands the mechanism's bytes over with their int32 length in front. */
const LENGTH_PREFIXED = {
  decode: (raw: Buffer) => raw.subarray(4),
  parse: (bytes: Buffer) => bytes,
};

/**
 * kafkajs's `ssl` and `sasl` options. SASL goes through Riptide's own authenticator (kafkajs calls it
 * after its SaslHandshake) rather than kafkajs's built-in ones: a refusal then names the user, mechanism
 * and broker as it does for the direct producer, and the password is never part of kafkajs's config.
 */
export function kafkajsSecurity(
  connection: Pick<KafkaConnection, 'tls' | 'sasl'>,
): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  return {
    ...(connection.tls && { ssl: tlsConnectOptions(connection.tls) }),
    ...(connection.sasl && { sasl: kafkajsMechanism(connection.sasl) }),
  };
}

/** A KafkaSecurityError as kafkajs needs it: non-retriable, so that its retrier gives up at once. */
class KafkajsSecurityError extends KafkaJSNonRetriableError {}

/** The broker refused the certificate, the credentials or the mechanism, directly or through kafkajs. */
export function isSecurityRefusal(error: unknown): boolean {
  return error instanceof KafkaSecurityError || error instanceof KafkajsSecurityError;
}

function kafkajsMechanism(sasl: KafkaSasl): Mechanism {
  return {
    mechanism: sasl.mechanism,
    authenticationProvider: ({ host, port, saslAuthenticate }) => ({
      authenticate: async () => {
        const roundTrip = async (message: Buffer) => {
          try {
            const request = { encode: () => lengthPrefixed(message) };
            return (await saslAuthenticate({ request, response: LENGTH_PREFIXED })) as Buffer;
          } catch (error) {
            if (error instanceof KafkaJSProtocolError && error.type === 'SASL_AUTHENTICATION_FAILED')
              throw new SaslRejectedError(error.message);
            throw error;
          }
        };
        try {
          await authenticateSasl(sasl, `${host}:${port}`, roundTrip);
        } catch (error) {
          if (error instanceof KafkaSecurityError) throw new KafkajsSecurityError(error);
          throw error;
        }
      },
    }),
  };
}

/**
 * What kafkajs reports in its own words, a client's connect() names the setting for: a mechanism the
 * broker does not enable and a listener without SASL (kafkajs runs the SaslHandshake before Riptide's
 * authenticator), and a certificate that does not verify (kafkajs retries it like a network error).
 */
export function withRefusalsExplained<Client extends { connect(): Promise<void> }>(
  client: Client,
  connection: Pick<KafkaConnection, 'tls' | 'sasl'>,
): Client {
  const connect = client.connect;
  client.connect = () =>
    connect().catch((error: unknown) => {
      throw explainRefusal(error, connection) ?? error;
    });
  return client;
}

function explainRefusal(
  error: unknown,
  { tls, sasl }: Pick<KafkaConnection, 'tls' | 'sasl'>,
): Error | undefined {
  const last = error instanceof KafkaJSNumberOfRetriesExceeded ? error.cause : error;
  if (sasl && last instanceof KafkaJSProtocolError) {
    if (last.type === 'UNSUPPORTED_SASL_MECHANISM')
      return new KafkajsSecurityError(mechanismNotEnabled(sasl));
    if (last.type === 'ILLEGAL_SASL_STATE') return new KafkajsSecurityError(notASaslListener());
  }
  if (tls && last instanceof KafkaJSConnectionError && isTlsFailure(last)) {
    const reason = Object.assign(new Error(last.message.replace(/^Connection error: /, '')), {
      code: (last as { code?: string }).code,
    });
    return new KafkajsSecurityError(tlsFailed(`broker ${last.broker}`, reason));
  }
  return undefined;
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(4 + bytes.length);
  framed.writeInt32BE(bytes.length, 0);
  bytes.copy(framed, 4);
  return framed;
}
