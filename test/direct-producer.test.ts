import { DirectProducer, KafkaConnection, createKafka, physicalTopic } from '@riptide/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { murmur2 } from '../libs/stream/src/kafka/murmur2-partitioner';
import { BrokerConnection } from '../libs/stream/src/kafka/direct/broker-connection';
import {
  INIT_PRODUCER_ID_API,
  PRODUCE_API,
  readInitProducerIdResponse,
  readProduceResponse,
  writeInitProducerIdRequest,
  writeProduceRequest,
} from '../libs/stream/src/kafka/direct/produce-protocol';
import { isolatedKafka, readTopicUntil } from './support/kafka-test-env';

const partitionOfKey = (key: string, partitions: number) => {
  const bytes = Buffer.from(key);
  return (murmur2(bytes, bytes.length) & 0x7fffffff) % partitions;
};

describe('DirectProducer on the real broker', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let producer: DirectProducer;

  beforeAll(async () => {
    kafka = await isolatedKafka('direct');
    producer = new DirectProducer(kafka.connection);
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await kafka?.cleanup();
  });

  it('delivers every record of two topics once, with its key, value and headers, on the partition murmur2 gives', async () => {
    const scored = Array.from({ length: 3000 }, (_, i) => ({
      key: `post-${i}`,
      value: Buffer.from(JSON.stringify({ id: `post-${i}`, text: 'é'.repeat(i % 50) })),
      headers: i % 100 === 0 ? { 'riptide-trace': `t${i}` } : undefined,
    }));
    const shares = Array.from({ length: 2000 }, (_, i) => ({ key: `url:${i % 400}`, value: `share-${i}` }));
    await producer.send([
      { topic: physicalTopic(kafka.connection, 'posts.scored'), records: scored },
      { topic: physicalTopic(kafka.connection, 'shares'), records: shares },
    ]);

    const readScored = await readTopicUntil(kafka.connection, 'posts.scored', (seen) => seen.length >= 3000);
    const readShares = await readTopicUntil(kafka.connection, 'shares', (seen) => seen.length >= 2000);
    expect(readScored).toHaveLength(3000);
    expect(readShares).toHaveLength(2000);
    expect(new Map(readScored.map((m) => [m.key, m.value.toString()]))).toEqual(
      new Map(scored.map((m) => [m.key, m.value.toString()])),
    );
    expect(readScored.find((m) => m.key === 'post-200')?.headers).toEqual({ 'riptide-trace': 't200' });
    expect(readScored.find((m) => m.key === 'post-201')?.headers).toEqual({});
    for (const message of [...readScored, ...readShares])
      expect(message.partition).toBe(partitionOfKey(message.key as string, 6));
    // Records of one key stay in the order they were given.
    const sharesOfUrl7 = readShares.filter((m) => m.key === 'url:7').map((m) => m.value.toString());
    expect(sharesOfUrl7).toEqual([7, 407, 807, 1207, 1607].map((i) => `share-${i}`));
  });

  it('cuts a partition larger than the batch limit into several batches, in order', async () => {
    const small = new DirectProducer(kafka.connection, { maxBatchBytes: 4_000 });
    await small.connect();
    try {
      const records = Array.from({ length: 500 }, (_, i) => ({
        key: 'one-key',
        value: `${i}`.padStart(100, '.'),
      }));
      await small.send([{ topic: physicalTopic(kafka.connection, 'posts.raw.dlq'), records }]);
      const read = await readTopicUntil(kafka.connection, 'posts.raw.dlq', (seen) => seen.length >= 500);
      expect(read.map((m) => m.value.toString().replace(/^\.+/, ''))).toEqual(records.map((_, i) => `${i}`));
    } finally {
      await small.disconnect();
    }
  });

  it('sends records without a key round-robin over the partitions', async () => {
    const records = Array.from({ length: 60 }, (_, i) => ({ key: null, value: `unkeyed-${i}` }));
    await producer.send([{ topic: physicalTopic(kafka.connection, 'stance.observations'), records }]);
    const read = await readTopicUntil(kafka.connection, 'stance.observations', (seen) => seen.length >= 60);
    const perPartition = new Map<number, number>();
    for (const message of read)
      perPartition.set(message.partition, (perPartition.get(message.partition) ?? 0) + 1);
    expect([...perPartition.values()].every((count) => count === 60 / perPartition.size)).toBe(true);
    expect(perPartition.size).toBeGreaterThan(1);
  });

  it('names a topic that does not exist', async () => {
    await expect(
      producer.send([
        { topic: physicalTopic(kafka.connection, 'no.such.topic'), records: [{ key: 'k', value: 'v' }] },
      ]),
    ).rejects.toThrow(/topic "test\.direct\.[0-9a-f]+\.no\.such\.topic": no metadata .*does it exist\?/);
    // The producer is still usable afterwards.
    await producer.send([
      { topic: physicalTopic(kafka.connection, 'authors'), records: [{ key: 'author-1', value: '{}' }] },
    ]);
    const read = await readTopicUntil(kafka.connection, 'authors', (seen) => seen.length >= 1);
    expect(read.map((m) => m.key)).toEqual(['author-1']);
  });

  it('relies on the broker dropping a batch resent with the same producer id and sequence (a retry after a lost acknowledgement)', async () => {
    const admin = createKafka(kafka.connection).admin();
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.disconnect();
    const topic = physicalTopic(kafka.connection, 'coordination.edges');
    const broker = cluster.brokers[0];
    const connection = await BrokerConnection.open(broker.host, broker.port, {
      clientId: 'test-direct',
      connectTimeoutMs: 5_000,
      requestTimeoutMs: 10_000,
    });
    try {
      const identity = readInitProducerIdResponse(
        await connection.request(
          INIT_PRODUCER_ID_API.key,
          INIT_PRODUCER_ID_API.version,
          writeInitProducerIdRequest,
        ),
      );
      expect(identity.errorCode).toBe(0);
      const batch = {
        topic,
        partition: 0,
        records: [
          { key: 'dup-1', value: 'once' },
          { key: 'dup-2', value: 'once' },
        ],
        sequence: { producerId: identity.producerId, producerEpoch: identity.producerEpoch, baseSequence: 0 },
      };
      const produce = async () =>
        readProduceResponse(
          await connection.request(PRODUCE_API.key, PRODUCE_API.version, (writer) =>
            writeProduceRequest(writer, [batch], 10_000, Date.now()),
          ),
        );
      expect((await produce())[0].errorCode).toBe(0);
      // The resend is acknowledged (no error, or DUPLICATE_SEQUENCE_NUMBER) but not appended again.
      expect([0, 46]).toContain((await produce())[0].errorCode);
      const skipped = { ...batch, sequence: { ...batch.sequence, baseSequence: 5 } };
      const outOfOrder = readProduceResponse(
        await connection.request(PRODUCE_API.key, PRODUCE_API.version, (writer) =>
          writeProduceRequest(writer, [skipped], 10_000, Date.now()),
        ),
      );
      expect(outOfOrder[0].errorCode).toBe(45); // OUT_OF_ORDER_SEQUENCE_NUMBER
    } finally {
      connection.close();
    }
    const read = await readTopicUntil(kafka.connection, 'coordination.edges', (seen) => seen.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const again = await readTopicUntil(kafka.connection, 'coordination.edges', (seen) => seen.length >= 2);
    expect(read.map((m) => m.key)).toEqual(['dup-1', 'dup-2']);
    expect(again).toHaveLength(2);
  });
});
