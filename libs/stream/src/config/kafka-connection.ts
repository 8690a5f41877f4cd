import { ConfigError, envList, envString } from '@riptide/observability';
import { kafkaSaslFromEnv, kafkaTlsFromEnv, type KafkaSasl, type KafkaTls } from './kafka-security';

/** How every Riptide process reaches Kafka; one topic prefix per deployment keeps deployments apart. */
export interface KafkaConnection {
  readonly brokers: string[];
  readonly clientId: string;
  readonly topicPrefix: string;
  /** The producer client: Riptide's own DirectProducer (default) or kafkajs's. */
  readonly producer?: ProducerClient;
  /** TLS to the brokers; plain TCP when absent. */
  readonly tls?: KafkaTls;
  /** SASL authentication on every connection; none when absent. */
  readonly sasl?: KafkaSasl;
}

export type ProducerClient = 'direct' | 'kafkajs';
const PRODUCER_CLIENTS: readonly ProducerClient[] = ['direct', 'kafkajs'];

const DEFAULT_BROKERS = ['127.0.0.1:9092'];
const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;
const PREFIX = /^[A-Za-z0-9._-]*$/;

/**
 * KAFKA_BROKERS (comma-separated host:port, default 127.0.0.1:9092), RIPTIDE_TOPIC_PREFIX (default none),
 * RIPTIDE_KAFKA_PRODUCER (`direct`, the default, or `kafkajs`), and the KAFKA_SSL_* and KAFKA_SASL_*
 * settings (kafka-security.ts).
 */
export function kafkaConnectionFromEnv(
  clientId: string,
  env: Record<string, string | undefined> = process.env,
): KafkaConnection {
  const brokers = envList('KAFKA_BROKERS', DEFAULT_BROKERS, env);
  for (const broker of brokers) {
    if (!BROKER.test(broker)) throw new ConfigError(`KAFKA_BROKERS: "${broker}" is not host:port`);
  }
  const topicPrefix = envString('RIPTIDE_TOPIC_PREFIX', '', env);
  if (!PREFIX.test(topicPrefix)) {
    throw new ConfigError(
      `RIPTIDE_TOPIC_PREFIX: "${topicPrefix}" may only hold letters, digits, '.', '_' and '-'`,
    );
  }
  const producer = envString('RIPTIDE_KAFKA_PRODUCER', 'direct', env);
  if (!PRODUCER_CLIENTS.includes(producer as ProducerClient)) {
    throw new ConfigError(
      `RIPTIDE_KAFKA_PRODUCER: "${producer}" is not one of ${PRODUCER_CLIENTS.join(', ')}`,
    );
  }
  const tls = kafkaTlsFromEnv(env);
  const sasl = kafkaSaslFromEnv(env);
  return {
    brokers,
    clientId,
    topicPrefix,
    producer: producer as ProducerClient,
    ...(tls && { tls }),
    ...(sasl && { sasl }),
  };
}

/** The physical topic name of a logical one (`posts.raw` -> `<prefix>posts.raw`). */
export function physicalTopic(connection: Pick<KafkaConnection, 'topicPrefix'>, logical: string): string {
  return `${connection.topicPrefix}${logical}`;
}
