import type { Codec } from '@riptide/contracts';
import type { KafkaConnection } from '../config/kafka-connection';
import { readWholeTopic } from './read-topic-values';

/**
 * The latest value per key of a (compacted) topic, read from the start of every partition to its
 * current end: how a process loads a table such as the cluster snapshots. A tombstone removes its key;
 * a value the codec refuses is skipped and counted, never fatal.
 */
export async function readLatestByKey<T>(
  connection: KafkaConnection,
  logicalTopic: string,
  codec: Codec<T>,
  heartbeat?: () => Promise<void>,
): Promise<{ latest: Map<string, T>; invalid: number }> {
  const latest = new Map<string, T>();
  let invalid = 0;
  await readWholeTopic(
    connection,
    logicalTopic,
    (messages) => {
      for (const message of messages) {
        if (message.key === null) continue;
        if (message.value === null) {
          latest.delete(message.key);
          continue;
        }
        const decoded = codec.decode(message.value);
        if (decoded.ok) latest.set(message.key, decoded.value);
        else invalid++;
      }
    },
    heartbeat,
  );
  return { latest, invalid };
}
