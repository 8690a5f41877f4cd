import { clusterSnapshotCodec, type ClusterSnapshot } from '@riptide/contracts';
import { createKafka, physicalTopic, readPartitionRange, type KafkaConnection } from '@riptide/stream';

const CLUSTERS_TOPIC = 'coordination.clusters';

/**
 * The latest snapshot of every cluster on the compacted `coordination.clusters` topic (one partition),
 * read from its start to its current end: what a new cluster role continues from, so ids and
 * generations carry over a restart or a fail-over.
 */
export async function readLatestSnapshots(connection: KafkaConnection, heartbeat: () => Promise<void>): Promise<ClusterSnapshot[]> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  let end: string;
  try {
    const offsets = await admin.fetchTopicOffsets(physicalTopic(connection, CLUSTERS_TOPIC));
    end = offsets.find((entry) => entry.partition === 0)?.high ?? '0';
  } finally {
    await admin.disconnect();
  }
  const latest = new Map<string, ClusterSnapshot>();
  await readPartitionRange(
    connection,
    { topic: CLUSTERS_TOPIC, partition: 0, fromTimestampMs: 0, untilOffset: end },
    (messages) => {
      for (const message of messages) {
        if (message.value === null) continue;
        const decoded = clusterSnapshotCodec.decode(message.value);
        if (decoded.ok) latest.set(decoded.value.cluster_id, decoded.value);
      }
    },
    heartbeat,
  );
  return [...latest.values()];
}
