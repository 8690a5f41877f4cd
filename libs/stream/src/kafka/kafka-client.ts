import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { createLogger } from '@riptide/observability';
import type { KafkaConnection } from '../config/kafka-connection';

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
    kafkaLogger[LEVELS[level] ?? 'info'](fields, message);
  };
}

/** The only place a kafkajs client is constructed, so another client library could replace it. */
export function createKafka(connection: KafkaConnection): Kafka {
  return new Kafka({
    clientId: connection.clientId,
    brokers: connection.brokers,
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 200, retries: 8 },
  });
}
