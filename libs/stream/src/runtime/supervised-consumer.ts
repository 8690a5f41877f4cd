import type { Consumer, ConsumerConfig, ConsumerRunConfig, Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { envInt, type Logger } from '@riptide/observability';
import { streamMetrics } from '../metrics/stream-metrics';
import { backoffDelayMs } from './backoff';

export interface SupervisedConsumerOptions {
  readonly kafka: Kafka;
  /** Logical group name: metrics and logs. */
  readonly group: string;
  readonly config: ConsumerConfig;
  readonly topics: string[];
  readonly fromBeginning: boolean;
  readonly run: ConsumerRunConfig;
  /** Every join of the group, with this member's assignment (topic → partitions). */
  readonly onJoin: (assignment: Record<string, number[]>) => void;
  /**
   * How long the consumer may stay out of service (crashed and restarting, or every batch failing)
   * before `onUnrecoverable`. Default RIPTIDE_CONSUMER_RESTART_TIMEOUT_S (120 s).
   */
  readonly restartTimeoutMs?: number;
  /** What giving up does. Default: log and exit the process non-zero, so that its supervisor restarts it. */
  readonly onUnrecoverable?: (error: Error) => void;
  readonly log: Logger;
}

/** First and longest wait between our own restarts of a consumer that kafkajs gave up on. */
const RESTART_INITIAL_MS = 1_000;
const RESTART_MAX_MS = 15_000;
const WATCHDOG_INTERVAL_MS = 1_000;
/** EX_TEMPFAIL: a temporary failure, worth a restart. */
const EXIT_UNRECOVERABLE = 75;

/**
 * Keeps one kafkajs consumer in service for as long as the process wants it. kafkajs restarts a
 * consumer after retriable errors only; after a non-retriable one (a ListOffsets it cannot encode,
 * "Failed to find group coordinator" after its retries) it emits CRASH with `restart: false`,
 * disconnects and stops for good while the process goes on: a silent zombie. Here every crash is
 * followed by a restart with capped, jittered backoff (a fresh kafkajs consumer, so no state of the
 * failed one survives). A batch that throws (a failed state rebuild, a handler bug outside the poison
 * path) is retried by kafkajs while the consumer stays in its group making no progress: that counts as
 * out of service too, until a batch succeeds. A watchdog ends the wait: out of service for longer than
 * `restartTimeoutMs`, `onUnrecoverable` runs (by default the process exits non-zero, so that its
 * supervisor restarts it). `up` is what readiness reports.
 */
export class SupervisedConsumer {
  private consumer?: Consumer;
  private wanted = false;
  private joined = false;
  /** Since when the consumer has been out of its group (undefined while joined). */
  private outSince: number | undefined;
  /** Since when every batch has failed (undefined once one succeeds). */
  private failingSince: number | undefined;
  private lastError: Error = new Error('the consumer has not joined its group yet');
  private restarting?: Promise<void>;
  /** Restarts since a batch last succeeded: the backoff grows with them, so a crash loop slows down. */
  private restartsWithoutProgress = 0;
  private watchdog?: NodeJS.Timeout;
  /** Cuts a restart's backoff short when the process stops. */
  private readonly stopping = new AbortController();

  private readonly restartTimeoutMs: number;
  /**
   * A member that is gone (killed, or replaced by this consumer's own restart) holds its partitions
   * until its session times out: this bounds that stall. `config.sessionTimeout` wins when set.
   */
  private readonly sessionTimeoutMs: number;

  constructor(private readonly options: SupervisedConsumerOptions) {
    this.restartTimeoutMs =
      options.restartTimeoutMs ?? envInt('RIPTIDE_CONSUMER_RESTART_TIMEOUT_S', 120, { min: 1 }) * 1000;
    this.sessionTimeoutMs = envInt('RIPTIDE_CONSUMER_SESSION_TIMEOUT_MS', 30_000, {
      min: 6_000,
      max: 300_000,
    });
  }

  get up(): boolean {
    return this.wanted && this.joined && this.failingSince === undefined;
  }

  /** Why the consumer is not up, for readiness. */
  get downReason(): string {
    if (!this.wanted) return 'stopped';
    return `${this.describeDown(Date.now())}: ${this.lastError.message}`;
  }

  /** Connects, subscribes and runs; resolves once kafkajs runs the consumer (joining follows). */
  async start(): Promise<void> {
    this.wanted = true;
    this.outSince = Date.now();
    this.setUp(false);
    this.watchdog = setInterval(() => this.checkDeadline(), WATCHDOG_INTERVAL_MS).unref();
    await this.runFresh();
  }

  /** kafkajs waits for the batch in hand, commits and leaves the group. */
  async stop(): Promise<void> {
    this.wanted = false;
    clearInterval(this.watchdog);
    this.stopping.abort();
    await this.restarting;
    await this.consumer?.disconnect();
    this.setUp(false);
  }

  private async runFresh(): Promise<void> {
    const { kafka, config, topics, fromBeginning, run } = this.options;
    const eachBatch = run.eachBatch;
    const consumer = kafka.consumer({
      ...config,
      sessionTimeout: config.sessionTimeout ?? this.sessionTimeoutMs,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (consumer !== this.consumer) return;
      this.outSince = undefined;
      this.setUp(true);
      streamMetrics.rebalances.inc({ group: this.options.group });
      this.options.onJoin(payload.memberAssignment);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (consumer !== this.consumer) return;
      this.lastError = payload.error;
      this.outSince ??= Date.now();
      this.setUp(false);
      this.options.log.error(
        { error: payload.error.message, kafkajsRestarts: payload.restart },
        payload.restart ? 'consumer crashed; kafkajs restarts it' : 'consumer crashed; restarting it',
      );
      if (!payload.restart) this.restartInBackground();
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning });
    await consumer.run({
      ...run,
      eachBatch: eachBatch && ((payload) => this.tracked(eachBatch(payload))),
    });
  }

  private async tracked(batch: Promise<void>): Promise<void> {
    try {
      await batch;
      this.restartsWithoutProgress = 0;
      if (this.failingSince !== undefined) {
        this.failingSince = undefined;
        this.setUp(this.joined);
      }
    } catch (error) {
      this.lastError = error as Error;
      this.failingSince ??= Date.now();
      this.setUp(this.joined);
      throw error;
    }
  }

  private restartInBackground(): void {
    this.restarting ??= this.restartUntilRunning().finally(() => (this.restarting = undefined));
  }

  private async restartUntilRunning(): Promise<void> {
    while (this.wanted) {
      const attempt = this.restartsWithoutProgress++;
      const delay = backoffDelayMs(attempt, RESTART_INITIAL_MS, RESTART_MAX_MS);
      await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      if (!this.wanted) return;
      try {
        await this.consumer?.disconnect().catch(() => undefined);
        await this.runFresh();
        streamMetrics.consumerRestarts.inc({ group: this.options.group });
        this.options.log.warn({ attempt }, 'consumer restarted; rejoining its group');
        return;
      } catch (error) {
        this.lastError = error as Error;
        this.options.log.warn(
          { error: this.lastError.message, attempt },
          'consumer restart failed; retrying',
        );
      }
    }
  }

  private checkDeadline(): void {
    const since = Math.min(this.outSince ?? Infinity, this.failingSince ?? Infinity);
    const now = Date.now();
    if (!this.wanted || now - since <= this.restartTimeoutMs) return;
    clearInterval(this.watchdog);
    const error = new Error(
      `consumer group ${this.options.group} has been ${this.describeDown(now)} ` +
        `(limit ${Math.round(this.restartTimeoutMs / 1000)} s): ${this.lastError.message}`,
    );
    if (this.options.onUnrecoverable) return this.options.onUnrecoverable(error);
    // A consumer that cannot come back ends its process: the supervisor's restart is the next remedy.
    this.options.log.fatal({ error: error.message }, 'consumer could not come back; exiting for a restart');
    process.exit(EXIT_UNRECOVERABLE);
  }

  private describeDown(now: number): string {
    const seconds = (since: number) => Math.round((now - since) / 1000);
    if (this.outSince !== undefined) return `out of its group for ${seconds(this.outSince)} s`;
    if (this.failingSince !== undefined) return `failing every batch for ${seconds(this.failingSince)} s`;
    return 'in service';
  }

  private setUp(joined: boolean): void {
    this.joined = joined;
    streamMetrics.consumerUp.set({ group: this.options.group }, this.up ? 1 : 0);
  }
}
