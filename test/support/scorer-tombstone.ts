import { createKafka, physicalTopic, type KafkaConnection } from '@riptide/stream';

/** Writes a tombstone (null value) for `key`: on a compacted topic it deletes the key. */
export async function writeTombstone(
  connection: KafkaConnection,
  logicalTopic: string,
  key: string,
): Promise<void> {
  const producer = createKafka(connection).producer();
  await producer.connect();
  try {
    await producer.send({
      topic: physicalTopic(connection, logicalTopic),
      acks: -1,
      messages: [{ key, value: null }],
    });
  } finally {
    await producer.disconnect();
  }
}
