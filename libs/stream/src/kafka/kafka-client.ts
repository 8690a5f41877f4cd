import {
  Kafka,
  logLevel,
  type Admin,
  type AdminConfig,
  type Consumer,
  type ConsumerConfig,
  type KafkaConfig,
  type LogEntry,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';
import { createLogger } from '@riptide/observability';
import type { KafkaConnection } from '../config/kafka-connection';
import { kafkajsSecurity, withRefusalsExplained } from './security/kafkajs-security';

const kafkaLogger = createLogger('kafkajs');
const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs through our structured logger; only warnings and errors by default. */
function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...fields } = log;
    // Idempotence here only keeps retried sends from duplicating; Riptide promises at-least-once, not
    // exactly-once, and bounds retries so a dead broker surfaces to the runtime instead of hanging it.
    if (message === 'Limiting retries for the idempotent producer may invalidate EoS guarantees') return;
    kafkaLogger[LEVELS[level] ?? 'info'](fields, message);
  };
}

/**
 * kafkajs 2.2.4 sometimes arms a timer with a negative delay, which Node 23+ clamps to 1 ms and reports
 * as a TimeoutNegativeWarning on every start. It is harmless; keep it out of the logs.
 */
function silenceKafkajsTimeoutWarning(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const name = warning instanceof Error ? warning.name : typeof rest[0] === 'string' ? rest[0] : '';
    if (name === 'TimeoutNegativeWarning') return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}
silenceKafkajsTimeoutWarning();

// Producers partition as kafkajs's default partitioner does (murmur2, as Java clients): silence its notice.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/** kafkajs with TLS or SASL: every client's connect() names the setting behind a refusal (kafkajs-security.ts). */
class SecuredKafka extends Kafka {
  constructor(
    config: KafkaConfig,
    private readonly security: Pick<KafkaConnection, 'tls' | 'sasl'>,
  ) {
    super(config);
  }

  override producer(config?: ProducerConfig): Producer {
    return withRefusalsExplained(super.producer(config), this.security);
  }

  override consumer(config: ConsumerConfig): Consumer {
    return withRefusalsExplained(super.consumer(config), this.security);
  }

  override admin(config?: AdminConfig): Admin {
    return withRefusalsExplained(super.admin(config), this.security);
  }
}

/**
 * The only place a kafkajs client is constructed, so another client library could replace it. A `probe`
 * client logs nothing and does not retry: it only asks whether a broker answers.
 */
export function createKafka(
  connection: Pick<KafkaConnection, 'brokers' | 'clientId' | 'tls' | 'sasl'>,
  mode: 'service' | 'probe' = 'service',
): Kafka {
  const config: KafkaConfig = {
    clientId: connection.clientId,
    brokers: connection.brokers,
    ...kafkajsSecurity(connection),
    logLevel: mode === 'probe' ? logLevel.NOTHING : logLevel.WARN,
    logCreator,
    retry: mode === 'probe' ? { retries: 0 } : { initialRetryTime: 200, retries: 8 },
  };
  return connection.tls || connection.sasl ? new SecuredKafka(config, connection) : new Kafka(config);
}
