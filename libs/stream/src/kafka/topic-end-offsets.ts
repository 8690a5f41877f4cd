import type { Admin } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { KafkaConnection, physicalTopic } from '../config/kafka-connection';
import { createKafka } from './kafka-client';

const OFFSET_ATTEMPTS = 8;
const LEADER_NOT_READY =
  /not the leader|does not host this topic-partition|UNKNOWN_TOPIC_OR_PARTITION|LEADER_NOT_AVAILABLE/i;

/** Whether an error is the broker still settling a new topic's partition leaders (worth a retry). */
export function leaderNotReady(error: unknown): boolean {
  return LEADER_NOT_READY.test((error as Error).message);
}

/**
 * `admin.fetchTopicOffsets`, retried while the partition leaders settle. Right after a topic is created
 * a KRaft broker can already list its leaders in metadata yet still answer ListOffsets with "not the
 * leader for that topic-partition" for a moment; kafkajs passes that straight up.
 */
export async function fetchTopicOffsetsOnceLed(
  admin: Admin,
  topic: string,
): ReturnType<Admin['fetchTopicOffsets']> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if (attempt >= OFFSET_ATTEMPTS || !leaderNotReady(error)) throw error;
      await sleep(200 * attempt);
    }
  }
}

/** The next offset to be written in each partition of a topic (its high watermark), by partition. */
export async function topicEndOffsets(
  connection: KafkaConnection,
  logicalTopic: string,
): Promise<Map<number, string>> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    const offsets = await fetchTopicOffsetsOnceLed(admin, physicalTopic(connection, logicalTopic));
    return new Map(offsets.map((entry) => [entry.partition, entry.high]));
  } finally {
    await admin.disconnect();
  }
}
