import { KafkaConnection, physicalTopic } from '../config/kafka-connection';
import { DirectProducer, type TopicRecords } from '../kafka/direct/direct-producer';
import { KafkajsRecordProducer } from '../kafka/kafkajs-record-producer';
import { streamMetrics } from '../metrics/stream-metrics';
import type { OutboundMessage } from './stream-message';

/** What a sink needs of a producer client: DirectProducer, or kafkajs's behind KafkajsRecordProducer. */
export interface RecordProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Resolves once every record is acknowledged by all in-sync replicas. */
  send(topics: readonly TopicRecords[]): Promise<void>;
}

/**
 * Produces a set of messages across topics and resolves only when every partition leader has
 * acknowledged them (acks = all), which is what lets the runtime commit offsets afterwards.
 */
export class ProducerSink {
  constructor(
    readonly producer: RecordProducer,
    private readonly connection: KafkaConnection,
  ) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async send(messages: readonly OutboundMessage[]): Promise<void> {
    const byTopic = new Map<string, OutboundMessage[]>();
    for (const message of messages) {
      const group = byTopic.get(message.topic);
      if (group) group.push(message);
      else byTopic.set(message.topic, [message]);
    }
    const topics = [...byTopic].map(([topic, records]) => ({
      topic: physicalTopic(this.connection, topic),
      records,
    }));
    await this.producer.send(topics);
    for (const { topic, records } of topics) streamMetrics.produced.inc({ topic }, records.length);
  }
}

/**
 * A sink with an idempotent producer (retries after a lost acknowledgement do not duplicate messages),
 * keys partitioned as Java's and kafkajs's default partitioners do. The connection's `producer` picks
 * the client: Riptide's own DirectProducer (default) or kafkajs's.
 */
export function createProducerSink(connection: KafkaConnection): ProducerSink {
  const producer =
    connection.producer === 'kafkajs'
      ? new KafkajsRecordProducer(connection)
      : new DirectProducer(connection);
  return new ProducerSink(producer, connection);
}
