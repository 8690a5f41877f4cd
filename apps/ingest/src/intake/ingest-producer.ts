import { createProducerSink, DirectProducer, KafkaConnection, ProducerSink } from '@riptide/stream';

/**
 * Attempts after the first for a batch Kafka did not take. DirectProducer backs off 100 ms, doubling,
 * so four retries wait at most 1.5 s in all: a send the broker cannot take fails well inside the
 * acknowledgement bound instead of retrying for about 17 s (the default eight) after its client was
 * answered 503. Sends are serialised, so a lingering send would also hold up every later one, and the
 * first request after the broker returns would wait for it.
 */
const INGEST_PRODUCER_RETRIES = 4;

/**
 * Ingest's producer: DirectProducer with few retries and a produce timeout equal to the acknowledgement
 * bound, or kafkajs's (RIPTIDE_KAFKA_PRODUCER=kafkajs) as every other service has it.
 */
export function ingestProducerSink(connection: KafkaConnection, ackTimeoutMs: number): ProducerSink {
  if (connection.producer === 'kafkajs') return createProducerSink(connection);
  const producer = new DirectProducer(connection, {
    retries: INGEST_PRODUCER_RETRIES,
    requestTimeoutMs: ackTimeoutMs,
  });
  return new ProducerSink(producer, connection);
}
