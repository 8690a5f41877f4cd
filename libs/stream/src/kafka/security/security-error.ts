import type { KafkaSasl } from '../../config/kafka-security';

/**
 * A broker refused the TLS handshake, the credentials or the SASL mechanism. Retrying cannot help: the
 * configuration must change, and the message names the setting.
 */
export class KafkaSecurityError extends Error {
  override readonly name = 'KafkaSecurityError';
}

export function authenticationFailed(sasl: KafkaSasl, broker: string, reason: string): KafkaSecurityError {
  return new KafkaSecurityError(
    `Kafka authentication failed for user "${sasl.username}" via ${sasl.mechanism} on broker ${broker}: ${reason}; ` +
      'check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
  );
}

/** `broker` and `enabled` are unknown when kafkajs met the refusal: it reports neither. */
export function mechanismNotEnabled(
  sasl: KafkaSasl,
  broker = 'a broker',
  enabled?: readonly string[],
): KafkaSecurityError {
  const offered = enabled ? ` (it enables ${enabled.join(', ') || 'none'})` : '';
  return new KafkaSecurityError(
    `${broker} does not enable SASL mechanism ${sasl.mechanism}${offered}; set KAFKA_SASL_MECHANISM to one it enables`,
  );
}

/** The broker answered the SaslHandshake with ILLEGAL_SASL_STATE: the listener is PLAINTEXT or SSL. */
export function notASaslListener(broker = 'a broker'): KafkaSecurityError {
  return new KafkaSecurityError(
    `${broker} refused the SASL handshake (ILLEGAL_SASL_STATE): its listener does not use SASL; ` +
      'check KAFKA_BROKERS, or unset KAFKA_SASL_MECHANISM',
  );
}

// node:tls codes for a broker certificate that does not verify, and for the broker refusing ours.
const UNTRUSTED_BROKER = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);
const REFUSED_CLIENT = /ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA|CERTIFICATE_UNKNOWN)/;

/**
 * Errors from OpenSSL or certificate checks. Network errors (ECONNREFUSED, ECONNRESET…) are not, even
 * when TLS reports them: they are worth a reconnect.
 */
export function isTlsFailure(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && !/^E[A-Z]+$/.test(code);
}

/** `broker` as "broker host:port". */
export function tlsFailed(broker: string, error: Error): KafkaSecurityError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return new KafkaSecurityError(
    `TLS with ${broker} failed: ${tlsReason(error)} (${code}); ${tlsAdvice(code)}`,
  );
}

function tlsAdvice(code: string): string {
  if (UNTRUSTED_BROKER.has(code)) return "the broker's certificate is not trusted; check KAFKA_SSL_CA_FILE";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return "the broker's certificate does not name the host dialled; check KAFKA_BROKERS";
  if (REFUSED_CLIENT.test(code))
    return 'the broker refused the client certificate; check KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE';
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER')
    return 'the broker does not speak TLS on this port; check KAFKA_BROKERS and KAFKA_SSL';
  return 'check the KAFKA_SSL_* settings';
}

/**
 * OpenSSL's reason ("ssl/tls alert bad certificate") rather than its whole error line, which kafkajs
 * keeps only inside its message.
 */
function tlsReason(error: Error): string {
  const reason = (error as { reason?: unknown }).reason;
  if (typeof reason === 'string') return reason;
  return /:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):/.exec(error.message)?.[1] ?? error.message;
}
