import { createLogger, healthRegistry } from '@riptide/observability';
import { KafkaConnection, physicalTopic } from '../config/kafka-connection';
import { createKafka } from '../kafka/kafka-client';
import { fetchTopicOffsetsOnceLed } from '../kafka/topic-end-offsets';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { deadLetterFor, type DeadLetterReason } from './dead-letter';
import { createProducerSink, type ProducerSink } from './producer-sink';
import { SupervisedConsumer } from './supervised-consumer';

export interface FollowedRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** Null for a tombstone. */
  readonly value: Buffer | null;
}

export interface CompactedTopicFollowerOptions {
  readonly connection: KafkaConnection;
  /** Logical topic (the deployment prefix is added). */
  readonly topic: string;
  /** Names the throwaway consumer group: `<prefix><groupPrefix>.<host>.<pid>.<random>`. */
  readonly groupPrefix: string;
  /**
   * Called in offset order per partition, tombstones included. Returns the records that could not be
   * applied, each with the reason: they go to `<topic>.dlq` before the next batch is read.
   */
  readonly onRecords: (records: FollowedRecord[]) => RecordProblem[];
}

export interface RecordProblem {
  readonly record: FollowedRecord;
  readonly reason: DeadLetterReason;
}

/**
 * Reads a whole compacted topic, every partition, from its start, and keeps following it. Every
 * instance must see every record (each scorer holds the full author table, for example), so each follower uses a
 * group of its own, unique to the process, and never commits: a restart always replays from the start,
 * which is what rebuilds the table; so does a restart of its consumer after a crash (SupervisedConsumer:
 * a fresh consumer in a group with no committed offsets reads from the start again). The group is
 * deleted on stop. The BatchConsumer does not fit here: it shares a group between instances and skips
 * tombstones, which must delete entries. Records the caller cannot apply are dead-lettered by every
 * instance that reads them, on every full read: the dead letters of a followed topic repeat (each
 * names its follower group, partition and offset, which tells the copies apart).
 */
export class CompactedTopicFollower {
  private readonly log = createLogger('stream:compacted-follower');
  private readonly groupId: string;
  private consumer?: SupervisedConsumer;
  private deadLetters?: ProducerSink;

  constructor(private readonly options: CompactedTopicFollowerOptions) {
    this.groupId = physicalTopic(
      options.connection,
      `${options.groupPrefix}.${hostname()}.${process.pid}.${randomBytes(4).toString('hex')}`,
    );
  }

  /** Resolves once every partition was read up to the end offset it had when start was called. */
  async start(): Promise<{ records: number; partitions: number }> {
    const topic = physicalTopic(this.options.connection, this.options.topic);
    const kafka = createKafka(this.options.connection);
    const admin = kafka.admin();
    await admin.connect();
    let ends: Map<number, bigint>;
    try {
      // kafkajs retries a missing topic for a minute; say at once what is wrong and how to fix it.
      if (!(await admin.listTopics()).includes(topic))
        throw new Error(
          `topic ${topic} does not exist: create the deployment's topics with \`npx riptide topics apply\``,
        );
      const offsets = await fetchTopicOffsetsOnceLed(admin, topic);
      // A partition whose log is empty (or compacted/expired to nothing) has nothing to wait for.
      ends = new Map(
        offsets
          .filter((entry) => BigInt(entry.high) > BigInt(entry.low))
          .map((entry) => [entry.partition, BigInt(entry.high)]),
      );
      const partitions = offsets.length;
      let records = 0;
      await new Promise<void>((resolve, reject) => {
        const caughtUp = () => ends.size === 0 && resolve();
        const consumer = new SupervisedConsumer({
          kafka,
          group: `${this.options.groupPrefix}:${this.options.topic}`,
          config: { groupId: this.groupId, maxWaitTimeInMs: 100, maxBytesPerPartition: 8 * 1024 * 1024 },
          topics: [topic],
          fromBeginning: true,
          run: {
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const problems = this.options.onRecords(
                batch.messages.map((message) => ({
                  partition: batch.partition,
                  offset: message.offset,
                  key: message.key?.toString() ?? null,
                  value: message.value,
                })),
              );
              if (problems.length > 0) await this.deadLetter(topic, problems);
              records += batch.messages.length;
              const end = ends.get(batch.partition);
              if (end !== undefined && batch.messages.length > 0 && BigInt(batch.lastOffset()) + 1n >= end) {
                ends.delete(batch.partition);
                caughtUp();
              }
            },
          },
          onJoin: () => undefined,
          log: this.log,
        });
        this.consumer = consumer;
        healthRegistry.register(`kafka-follower:${this.options.topic}`, () =>
          consumer.up ? true : { ok: false, reason: consumer.downReason },
        );
        consumer.start().then(caughtUp, reject);
      });
      this.log.info({ topic, records, partitions }, 'caught up with the compacted topic');
      return { records, partitions };
    } finally {
      await admin.disconnect();
    }
  }

  /** Awaited inside the batch: a failure fails the batch, which kafkajs retries. */
  private async deadLetter(physical: string, problems: RecordProblem[]): Promise<void> {
    if (!this.deadLetters) {
      const sink = createProducerSink(this.options.connection);
      await sink.connect();
      this.deadLetters = sink;
    }
    await this.deadLetters.send(
      problems.map(({ record, reason }) =>
        deadLetterFor(
          this.options.topic,
          physical,
          record.partition,
          {
            key: record.key === null ? null : Buffer.from(record.key),
            value: record.value,
            offset: record.offset,
            timestamp: '',
            attributes: 0,
            headers: {},
          },
          reason,
          this.groupId,
        ),
      ),
    );
  }

  async stop(): Promise<void> {
    await this.deadLetters?.disconnect();
    this.deadLetters = undefined;
    if (!this.consumer) return;
    await this.consumer.stop();
    this.consumer = undefined;
    healthRegistry.unregister(`kafka-follower:${this.options.topic}`);
    const admin = createKafka(this.options.connection).admin();
    await admin.connect();
    try {
      await admin
        .deleteGroups([this.groupId])
        .catch((error: unknown) =>
          this.log.warn(
            { group: this.groupId, error: (error as Error).message },
            'could not delete the follower group',
          ),
        );
    } finally {
      await admin.disconnect();
    }
  }
}
