import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, healthRegistry, Logger } from '@riptide/observability';
import { KafkaConnection, physicalTopic } from '../config/kafka-connection';
import { watchBrokerReachability } from '../kafka/broker-reachability';
import { createKafka } from '../kafka/kafka-client';
import { streamMetrics } from '../metrics/stream-metrics';
import { backoffDelayMs } from './backoff';
import { deadLetterFor, DeadLetterReason } from './dead-letter';
import { createProducerSink, ProducerSink } from './producer-sink';
import { SupervisedConsumer } from './supervised-consumer';
import { TransientError } from './transient-error';
import type { BatchResult, InboundMessage, OutboundMessage, Subscription } from './stream-message';

export interface BatchConsumerOptions {
  readonly connection: KafkaConnection;
  readonly groupId: string;
  readonly subscriptions: Subscription<unknown>[];
  /** Messages handed to the handler at once; a fetched batch is cut into chunks of this size. */
  readonly chunkSize?: number;
  /** Handler attempts on a chunk before it is split to isolate a poison message. */
  readonly handlerAttempts?: number;
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
  /** Partitions processed in parallel by this instance (overlaps broker round trips). */
  readonly partitionsConsumedConcurrently?: number;
  readonly fromBeginning?: boolean;
  readonly sessionTimeoutMs?: number;
  readonly maxBytesPerPartition?: number;
  /** Called after a batch's outputs were acknowledged and its offsets resolved (progress, tests, benchmarks). */
  readonly onBatchDone?: (done: { topic: string; partition: number; messages: number }) => void;
  /**
   * How long the consumer may stay out of service (crashed and restarting, or every batch failing)
   * before the runtime gives up (supervised-consumer.ts). Default RIPTIDE_CONSUMER_RESTART_TIMEOUT_S (120 s).
   */
  readonly restartTimeoutMs?: number;
  /** What giving up does. Default: log and exit the process non-zero, so that its supervisor restarts it. */
  readonly onUnrecoverable?: (error: Error) => void;
}

/**
 * The Kafka runtime every Riptide consumer runs on: batches from kafkajs `eachBatch`, decoded and
 * validated with the subscription's codec; invalid messages go to the dead-letter topic with the reason;
 * valid ones go to the handler; outputs and dead letters are produced and acknowledged before offsets are
 * resolved and committed (at-least-once). Heartbeats run between chunks and during retries, transient
 * failures retry with backoff while the partition is paused, a chunk whose handler keeps failing is
 * split until the poison message is isolated and dead-lettered, so no message blocks a partition.
 */
export class BatchConsumer {
  private readonly consumer: SupervisedConsumer;
  private readonly sink: ProducerSink;
  private readonly log: Logger;
  private readonly byTopic = new Map<string, Subscription<unknown>>();
  private readonly chunkSize: number;
  private readonly handlerAttempts: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private running = false;
  /** Partitions held since the last join, as `topic:partition`, and those whose state is rebuilt. */
  private assigned = new Set<string>();
  private ready = new Set<string>();

  constructor(private readonly options: BatchConsumerOptions) {
    this.log = createLogger(`stream:${options.groupId}`);
    this.chunkSize = options.chunkSize ?? 1_000;
    this.handlerAttempts = options.handlerAttempts ?? 3;
    this.retryInitialMs = options.retryInitialMs ?? 200;
    this.retryMaxMs = options.retryMaxMs ?? 10_000;
    for (const subscription of options.subscriptions) {
      this.byTopic.set(physicalTopic(options.connection, subscription.topic), subscription);
    }
    this.consumer = new SupervisedConsumer({
      kafka: createKafka(options.connection),
      group: options.groupId,
      config: {
        groupId: physicalTopic(options.connection, options.groupId),
        sessionTimeout: options.sessionTimeoutMs,
        heartbeatInterval: 3_000,
        maxBytesPerPartition: options.maxBytesPerPartition ?? 8 * 1024 * 1024,
        maxWaitTimeInMs: 100,
      },
      topics: [...this.byTopic.keys()],
      fromBeginning: options.fromBeginning ?? true,
      run: {
        eachBatchAutoResolve: false,
        autoCommit: true,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.processBatch(payload),
      },
      onJoin: (assignment) => this.reassign(assignment),
      restartTimeoutMs: options.restartTimeoutMs,
      onUnrecoverable: options.onUnrecoverable,
      log: this.log,
    });
    this.sink = createProducerSink(options.connection);
    healthRegistry.register(`kafka-consumer:${options.groupId}`, () =>
      this.consumer.up ? true : { ok: false, reason: this.consumer.downReason },
    );
  }

  async start(): Promise<void> {
    watchBrokerReachability(this.options.connection);
    await this.sink.connect();
    this.running = true;
    await this.consumer.start();
    this.log.info({ topics: [...this.byTopic.keys()] }, 'consuming');
  }

  /** Finishes the batch in hand, commits its offsets and leaves the group (kafkajs waits for the batch). */
  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.stop();
    await this.sink.disconnect();
    this.log.info('stopped');
  }

  private async processBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
    pause,
  }: EachBatchPayload): Promise<void> {
    const subscription = this.byTopic.get(batch.topic);
    if (!subscription) throw new Error(`no subscription for topic ${batch.topic}`);
    const partitionKey = `${batch.topic}:${batch.partition}`;
    if (!this.ready.has(partitionKey)) {
      await subscription.onPartitionAssigned?.({
        partition: batch.partition,
        resumeOffset: batch.firstOffset() ?? batch.messages[0].offset,
        heartbeat,
      });
      this.ready.add(partitionKey);
    }
    const stopTimer = streamMetrics.processing.startTimer({ topic: batch.topic });
    streamMetrics.batchSize.observe({ topic: batch.topic }, batch.messages.length);

    // Chunks are pipelined: while the broker acknowledges one chunk's outputs, the next chunk is
    // decoded and handled. An offset is resolved only after its own chunk's outputs were acknowledged.
    let inFlight: { produced: Promise<void>; lastOffset: string; size: number } | undefined;
    const settle = async () => {
      if (!inFlight) return;
      await inFlight.produced;
      resolveOffset(inFlight.lastOffset);
      streamMetrics.consumed.inc({ topic: batch.topic }, inFlight.size);
      inFlight = undefined;
    };
    for (let start = 0; start < batch.messages.length; start += this.chunkSize) {
      if (!isRunning() || isStale()) break;
      const chunk = batch.messages.slice(start, start + this.chunkSize);
      const { valid, outbound } = this.decode(subscription, batch.topic, batch.partition, chunk);
      if (valid.length > 0)
        outbound.push(...(await this.handleIsolatingPoison(subscription, valid, batch.partition, heartbeat)));
      await settle();
      inFlight = {
        produced: this.produceUntilAcknowledged(outbound, heartbeat, pause),
        lastOffset: chunk[chunk.length - 1].offset,
        size: chunk.length,
      };
      await heartbeat();
    }
    await settle();
    await commitOffsetsIfNecessary();
    this.options.onBatchDone?.({
      topic: batch.topic,
      partition: batch.partition,
      messages: batch.messages.length,
    });
    streamMetrics.lag.set(
      { topic: batch.topic, partition: String(batch.partition) },
      Number(batch.offsetLag()),
    );
    stopTimer();
  }

  /** After a rebalance: revoked partitions drop their state; every held partition rebuilds before its next batch. */
  private reassign(memberAssignment: Record<string, number[]>): void {
    const next = new Set(
      Object.entries(memberAssignment).flatMap(([topic, partitions]) =>
        partitions.map((p) => `${topic}:${p}`),
      ),
    );
    for (const key of this.assigned) {
      if (next.has(key)) continue;
      const [topic, partition] = splitKey(key);
      this.byTopic.get(topic)?.onPartitionRevoked?.(partition);
      // Its new owner reports its lag now; a stale figure here would count it twice.
      streamMetrics.lag.remove({ topic, partition: String(partition) });
    }
    this.assigned = next;
    this.ready = new Set();
  }

  private decode(
    subscription: Subscription<unknown>,
    topic: string,
    partition: number,
    chunk: KafkaMessage[],
  ) {
    const valid: InboundMessage<unknown>[] = [];
    const outbound: OutboundMessage[] = [];
    for (const message of chunk) {
      if (message.value === null) {
        streamMetrics.tombstonesSkipped.inc({ topic });
        continue;
      }
      const decoded = subscription.codec.decode(message.value);
      if (decoded.ok) {
        valid.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key ? message.key.toString() : null,
          value: decoded.value,
          raw: message.value,
          timestamp: message.timestamp,
        });
      } else {
        outbound.push(this.deadLetter(subscription, topic, partition, message, decoded.error));
      }
    }
    return { valid, outbound };
  }

  /**
   * Runs the handler, retrying transient failures; when a chunk keeps failing it is split in halves
   * until the failing message stands alone, and that message is dead-lettered with the error.
   */
  private async handleIsolatingPoison(
    subscription: Subscription<unknown>,
    messages: InboundMessage<unknown>[],
    partition: number,
    heartbeat: () => Promise<void>,
  ): Promise<OutboundMessage[]> {
    let lastError: Error | undefined;
    for (let attempt = 0, transient = 0; attempt < this.handlerAttempts; attempt++) {
      try {
        const result = normalise(await subscription.handler(messages));
        return [
          ...result.outputs,
          ...(result.rejected ?? []).map((rejection) =>
            this.deadLetter(
              subscription,
              rejection.message.topic,
              partition,
              toKafkaMessage(rejection.message),
              {
                code: rejection.code,
                message: rejection.reason,
                field: rejection.field,
              },
            ),
          ),
        ];
      } catch (error) {
        lastError = error as Error;
        streamMetrics.retries.inc({ stage: 'handler' });
        if (error instanceof TransientError && this.running) {
          // Not the messages' fault: wait for the dependency without counting the attempt.
          this.log.warn({ error: lastError.message }, 'transient handler failure; retrying');
          await sleep(backoffDelayMs(transient++, this.retryInitialMs, this.retryMaxMs));
          await heartbeat();
          attempt--;
          continue;
        }
        if (messages.length > 1) break; // a failing batch is split at once; single messages are retried
        await sleep(backoffDelayMs(attempt, this.retryInitialMs, this.retryMaxMs));
        await heartbeat();
      }
    }
    if (messages.length === 1) {
      const [message] = messages;
      this.log.warn(
        { topic: message.topic, partition, offset: message.offset, error: lastError?.message },
        'poison message dead-lettered',
      );
      return [
        this.deadLetter(subscription, message.topic, partition, toKafkaMessage(message), {
          code: 'handler_failed',
          message: lastError?.message ?? 'handler failed',
        }),
      ];
    }
    const middle = Math.ceil(messages.length / 2);
    const left = await this.handleIsolatingPoison(
      subscription,
      messages.slice(0, middle),
      partition,
      heartbeat,
    );
    const right = await this.handleIsolatingPoison(
      subscription,
      messages.slice(middle),
      partition,
      heartbeat,
    );
    return [...left, ...right];
  }

  /** Broker-side failures are transient: pause the partition's fetching, back off, keep the group membership. */
  private async produceUntilAcknowledged(
    messages: OutboundMessage[],
    heartbeat: () => Promise<void>,
    pause: () => () => void,
  ): Promise<void> {
    if (messages.length === 0) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.sink.send(messages);
        return;
      } catch (error) {
        if (!this.running) throw error;
        streamMetrics.retries.inc({ stage: 'produce' });
        const resume = pause();
        const delay = backoffDelayMs(attempt, this.retryInitialMs, this.retryMaxMs);
        this.log.warn({ error: (error as Error).message, attempt, delay }, 'produce failed; retrying');
        await sleep(delay);
        await heartbeat().catch(() => undefined);
        resume();
      }
    }
  }

  private deadLetter(
    subscription: Subscription<unknown>,
    physical: string,
    partition: number,
    message: KafkaMessage,
    reason: DeadLetterReason,
  ): OutboundMessage {
    streamMetrics.deadLettered.inc({ topic: physical, code: reason.code });
    return deadLetterFor(subscription.topic, physical, partition, message, reason, this.options.groupId);
  }
}

function splitKey(key: string): [string, number] {
  const at = key.lastIndexOf(':');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}

function normalise<T>(result: BatchResult<T> | OutboundMessage[]): BatchResult<T> {
  return Array.isArray(result) ? { outputs: result } : result;
}

function toKafkaMessage(message: InboundMessage<unknown>): KafkaMessage {
  return {
    key: message.key === null ? null : Buffer.from(message.key),
    value: message.raw,
    offset: message.offset,
    timestamp: message.timestamp,
    attributes: 0,
    headers: {},
  } as KafkaMessage;
}
