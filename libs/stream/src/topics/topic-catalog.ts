/**
 * Every Kafka topic of Riptide, declared once. `riptide topics apply` makes the broker match this list.
 * Names are logical; each deployment adds its RIPTIDE_TOPIC_PREFIX.
 */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  /** Milliseconds; -1 keeps forever. Compacted topics keep the latest value per key regardless. */
  readonly retentionMs: number;
  /** Further broker configs, as Kafka names them. */
  readonly config?: Readonly<Record<string, string>>;
  readonly description: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Partitions bound how many instances of a consumer can share the work: size for the largest scale-out. */
export const topicCatalog: readonly TopicSpec[] = [
  {
    name: 'posts.raw',
    partitions: 6,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    description: 'validated posts from ingest, key = post id',
  },
  {
    name: 'posts.deleted',
    partitions: 6,
    cleanupPolicy: 'delete',
    // Longer than posts.raw's 7 days: a store rebuilt from posts.raw still sees every deletion.
    retentionMs: 30 * DAY_MS,
    description: 'deletions of posts by their sources, key = post id',
  },
  {
    name: 'connector.cursors',
    partitions: 1,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    config: { 'min.cleanable.dirty.ratio': '0.1' },
    description: 'how far each live-source connector has read, key = connector name',
  },
  {
    name: 'authors',
    partitions: 3,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    config: { 'min.cleanable.dirty.ratio': '0.1' },
    description: 'author profiles, key = author id',
  },
  {
    name: 'posts.scored',
    partitions: 6,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    description: 'posts with sentiment and stance, key = author id',
  },
  {
    name: 'stance.observations',
    partitions: 6,
    cleanupPolicy: 'delete',
    retentionMs: 30 * DAY_MS,
    description: 'one per (post, topic), key = topic id',
  },
  {
    name: 'shares',
    partitions: 6,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    description: 'one per (post, shared object), key = object id',
  },
  {
    name: 'coordination.edges',
    partitions: 1,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    description: 'co-share edges; one partition so one cluster builder is active',
  },
  {
    name: 'coordination.clusters',
    partitions: 1,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    description: 'cluster snapshots, key = cluster id',
  },
  {
    name: 'opinion.estimates',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 90 * DAY_MS,
    description: 'per closed bucket and group: raw, corrected and post-stratified shares, key = topic id',
  },
  {
    name: 'opinion.shifts',
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 90 * DAY_MS,
    description: 'detected opinion shifts, key = topic id',
  },
  ...['posts.raw', 'authors', 'posts.scored', 'stance.observations', 'shares', 'coordination.edges'].map(
    (source): TopicSpec => ({
      name: deadLetterTopicOf(source),
      partitions: 1,
      cleanupPolicy: 'delete',
      retentionMs: 30 * DAY_MS,
      description: `messages from ${source} that could not be processed, with the reason`,
    }),
  ),
];

/** The dead-letter topic that receives what consumers of `topic` could not process. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** The broker configs a spec stands for, as Kafka names them. */
export function brokerConfigOf(spec: TopicSpec): Record<string, string> {
  return { 'cleanup.policy': spec.cleanupPolicy, 'retention.ms': String(spec.retentionMs), ...spec.config };
}
