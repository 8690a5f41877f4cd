import type { ConnectionOptions } from 'node:tls';
import type { KafkaTls } from '../../config/kafka-security';
import { revealSecret } from '../../config/secret';

/** node:tls options of a connection to a broker, for the direct producer and for kafkajs alike. */
export function tlsConnectOptions(tls: KafkaTls): ConnectionOptions {
  return {
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key && revealSecret(tls.key),
    rejectUnauthorized: tls.rejectUnauthorized,
  };
}
