import { Admin, ConfigResourceTypes } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { leaderNotReady } from '../kafka/topic-end-offsets';
import { brokerConfigOf, TopicSpec } from './topic-catalog';

export interface TopicDifference {
  readonly topic: string;
  readonly change: 'created' | 'config' | 'partitions' | 'unchanged' | 'cannot-shrink';
  readonly detail: string;
}

/**
 * Makes the broker match the declared topics: creates missing topics, sets configs that differ and
 * adds partitions. Never deletes or shrinks: a topic with more partitions than declared is reported.
 * With `dryRun` it only reports. Idempotent: a second run reports every topic unchanged.
 */
export async function applyTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  physicalName: (logical: string) => string,
  dryRun = false,
): Promise<TopicDifference[]> {
  const existing = new Set(await admin.listTopics());
  const differences: TopicDifference[] = [];

  const missing = specs.filter((spec) => !existing.has(physicalName(spec.name)));
  if (missing.length > 0 && !dryRun) await createWithRetry(admin, missing, physicalName);
  for (const spec of missing) {
    differences.push({
      topic: physicalName(spec.name),
      change: 'created',
      detail: `${spec.partitions} partitions, ${spec.cleanupPolicy}`,
    });
  }

  const present = specs.filter((spec) => existing.has(physicalName(spec.name)));
  if (present.length === 0) return differences;

  const metadata = await admin.fetchTopicMetadata({ topics: present.map((spec) => physicalName(spec.name)) });
  const partitionsOf = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((spec) => ({ type: ConfigResourceTypes.TOPIC, name: physicalName(spec.name) })),
  });
  const configOf = new Map(
    described.resources.map((resource) => [
      resource.resourceName,
      new Map(resource.configEntries.map((entry) => [entry.configName, entry.configValue])),
    ]),
  );

  for (const spec of present) {
    const topic = physicalName(spec.name);
    const changes: TopicDifference[] = [];

    const wanted = brokerConfigOf(spec);
    const actual = configOf.get(topic) ?? new Map<string, string>();
    const drift = Object.entries(wanted).filter(([key, value]) => actual.get(key) !== value);
    if (drift.length > 0) {
      const detail = drift
        .map(([key, value]) => `${key}: ${actual.get(key) ?? '(unset)'} -> ${value}`)
        .join(', ');
      changes.push({ topic, change: 'config', detail });
      if (!dryRun) {
        // AlterConfigs replaces the topic's dynamic configs as a whole, so send every declared key.
        await admin.alterConfigs({
          validateOnly: false,
          resources: [
            {
              type: ConfigResourceTypes.TOPIC,
              name: topic,
              configEntries: Object.entries(wanted).map(([name, value]) => ({ name, value })),
            },
          ],
        });
      }
    }

    const partitions = partitionsOf.get(topic) ?? 0;
    if (partitions < spec.partitions) {
      changes.push({ topic, change: 'partitions', detail: `${partitions} -> ${spec.partitions}` });
      if (!dryRun) await admin.createPartitions({ topicPartitions: [{ topic, count: spec.partitions }] });
    } else if (partitions > spec.partitions) {
      changes.push({
        topic,
        change: 'cannot-shrink',
        detail: `has ${partitions} partitions, declared ${spec.partitions}; Kafka cannot remove partitions`,
      });
    }

    differences.push(
      ...(changes.length > 0 ? changes : [{ topic, change: 'unchanged' as const, detail: '' }]),
    );
  }
  return differences;
}

const CREATE_ATTEMPTS = 10;

/**
 * Right after other topics were created or deleted, a KRaft broker can answer the leader wait of a
 * create with "This server does not host this topic-partition" while it publishes the new metadata.
 * kafkajs does not retry that, so: wait, then create whatever is still missing (an existing topic is
 * left alone), until every topic has its leaders.
 */
export async function createWithRetry(
  admin: Admin,
  specs: readonly TopicSpec[],
  physicalName: (logical: string) => string,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const present = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !present.has(physicalName(spec.name)));
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: physicalName(spec.name),
          numPartitions: spec.partitions,
          replicationFactor: -1,
          configEntries: Object.entries(brokerConfigOf(spec)).map(([name, value]) => ({ name, value })),
        })),
      });
      const metadata = await admin.fetchTopicMetadata({
        topics: specs.map((spec) => physicalName(spec.name)),
      });
      if (
        metadata.topics.every(
          (topic) =>
            topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0),
        )
      )
        return;
      throw new Error(
        'topics created but leaders not elected yet: This server does not host this topic-partition',
      );
    } catch (error) {
      if (attempt >= CREATE_ATTEMPTS || !leaderNotReady(error)) throw error;
      await sleep(300 * attempt);
    }
  }
}
