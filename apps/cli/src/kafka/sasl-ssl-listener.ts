/**
 * An extra SASL_SSL listener for a test broker, so that Riptide's TLS and SASL client code can be run
 * against a real broker. The developer's broker has none: it serves plaintext only.
 */
export interface SaslSslListener {
  readonly port: number;
  /** PEM file holding the broker's unencrypted PKCS#8 private key and its certificate chain. */
  readonly keystorePemFile: string;
  /** PEM file of the CA certificates clients' certificates must chain to; with it, clients must present one. */
  readonly truststorePemFile?: string;
  /** Accepted by PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 alike; passwords must not contain '"', ',' or ']'. */
  readonly users: readonly { readonly name: string; readonly password: string }[];
}

const MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
const PLAIN_LOGIN = 'org.apache.kafka.common.security.plain.PlainLoginModule';
const SCRAM_LOGIN = 'org.apache.kafka.common.security.scram.ScramLoginModule';

/**
 * Broker properties appended after the template's: a later key overrides an earlier one in a Java
 * properties file, so the template's PLAINTEXT and CONTROLLER listeners are kept and SASL_SSL added.
 */
export function saslSslProperties(
  listener: SaslSslListener,
  host: string,
  ports: { port: number; controllerPort: number },
): string {
  const plainUsers = listener.users.map(({ name, password }) => `user_${name}="${password}"`).join(' ');
  const lines = [
    `listeners=PLAINTEXT://${host}:${ports.port},CONTROLLER://${host}:${ports.controllerPort},SASL_SSL://${host}:${listener.port}`,
    `advertised.listeners=PLAINTEXT://${host}:${ports.port},SASL_SSL://${host}:${listener.port}`,
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL',
    `sasl.enabled.mechanisms=${MECHANISMS.join(',')}`,
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${listener.keystorePemFile}`,
    // PLAIN checks the user_<name> entries of its JAAS line; SCRAM the credentials stored at format.
    `listener.name.sasl_ssl.plain.sasl.jaas.config=${PLAIN_LOGIN} required ${plainUsers};`,
    `listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=${SCRAM_LOGIN} required;`,
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${SCRAM_LOGIN} required;`,
  ];
  if (listener.truststorePemFile) {
    lines.push(
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${listener.truststorePemFile}`,
      'listener.name.sasl_ssl.ssl.client.auth=required',
    );
  }
  return `\n# SASL_SSL listener (test broker)\n${lines.join('\n')}\n`;
}

/** `StorageTool format` arguments that store every user's SCRAM credentials for both SCRAM mechanisms. */
export function scramFormatArgs(listener: SaslSslListener): string[] {
  return listener.users.flatMap(({ name, password }) =>
    MECHANISMS.filter((mechanism) => mechanism.startsWith('SCRAM')).flatMap((mechanism) => [
      '--add-scram',
      `${mechanism}=[name=${name},password=${password}]`,
    ]),
  );
}
