import { describe, expect, it } from 'vitest';
import { kafkaConnectionFromEnv, physicalTopic } from './kafka-connection';

describe('kafkaConnectionFromEnv', () => {
  it('defaults to the local broker and no prefix', () => {
    expect(kafkaConnectionFromEnv('x', {})).toEqual({
      brokers: ['127.0.0.1:9092'],
      clientId: 'x',
      topicPrefix: '',
      producer: 'direct',
    });
  });

  it('reads a broker list and a prefix', () => {
    const connection = kafkaConnectionFromEnv('x', {
      KAFKA_BROKERS: 'k1:9092, k2:19092',
      RIPTIDE_TOPIC_PREFIX: 'staging.',
    });
    expect(connection.brokers).toEqual(['k1:9092', 'k2:19092']);
    expect(physicalTopic(connection, 'posts.raw')).toBe('staging.posts.raw');
  });

  it('names the variable and the bad value', () => {
    expect(() => kafkaConnectionFromEnv('x', { KAFKA_BROKERS: 'localhost' })).toThrow(
      'KAFKA_BROKERS: "localhost" is not host:port',
    );
    expect(() => kafkaConnectionFromEnv('x', { RIPTIDE_TOPIC_PREFIX: 'a b' })).toThrow(
      /RIPTIDE_TOPIC_PREFIX/,
    );
    expect(() => kafkaConnectionFromEnv('x', { RIPTIDE_KAFKA_PRODUCER: 'rdkafka' })).toThrow(
      'RIPTIDE_KAFKA_PRODUCER: "rdkafka" is not one of direct, kafkajs',
    );
    expect(kafkaConnectionFromEnv('x', { RIPTIDE_KAFKA_PRODUCER: 'kafkajs' }).producer).toBe('kafkajs');
  });
});
