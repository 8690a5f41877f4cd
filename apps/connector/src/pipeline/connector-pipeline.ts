import { postCodec, postDeletionCodec } from '@riptide/contracts';
import type { OutboundMessage } from '@riptide/stream';
import { connectorMetrics } from '../connector-metrics';
import type { EventSink, Platform, ReceivedEvent, SourcePosition } from '../sources/live-source';
import { classifyEvent, type ClassifyLimits } from './classify-event';
import { DeliveryAbandoned, type RetryingDelivery } from './retrying-delivery';
import { SkipLog } from './skip-log';
import { Watermark } from './watermark';

export interface PipelineOptions extends ClassifyLimits {
  readonly platform: Platform;
  readonly maxPendingBytes: number;
  readonly batchMax: number;
  readonly lingerMs: number;
  /** The committed cursor the source resumes from: the watermark starts there. */
  readonly start: SourcePosition | null;
}

/** What `riptide connect` prints as progress. */
export interface PipelineCounts {
  received: number;
  posts: number;
  deletions: number;
  skipped: number;
}

/** Consecutive events taken from the source, produced together and acknowledged together. */
interface Batch {
  readonly messages: OutboundMessage[];
  events: number;
  bytes: number;
  posts: number;
  deletions: number;
  /** The last known position in the batch: the watermark's entry for it. */
  lastPosition: SourcePosition | null;
  /** The source's time of the last post or deletion in the batch (for the lag gauge). */
  producedEventTimeMs: number | null;
}

const emptyBatch = (): Batch => ({
  messages: [],
  events: 0,
  bytes: 0,
  posts: 0,
  deletions: 0,
  lastPosition: null,
  producedEventTimeMs: null,
});

/**
 * The source-agnostic half of the connector. Events are classified as they arrive (post, deletion or a
 * skip with its reason), gathered into batches of at most `batchMax` events or `lingerMs`, and produced;
 * batches may be acknowledged out of order, and the watermark follows only the acknowledged prefix.
 * A frame's bytes count as pending from push() until its batch is acknowledged: past `maxPendingBytes`
 * push() answers false and the source stops reading until drained(), which bounds memory while Kafka
 * is slow or away.
 */
export class ConnectorPipeline implements EventSink {
  readonly watermark: Watermark;
  readonly counts: PipelineCounts = { received: 0, posts: 0, deletions: 0, skipped: 0 };
  private batch = emptyBatch();
  private pendingBytes = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private drainWaiters: (() => void)[] = [];
  private lastProducedEventTimeMs: number | null = null;
  private readonly skipLog = new SkipLog();

  constructor(
    private readonly options: PipelineOptions,
    private readonly delivery: RetryingDelivery,
  ) {
    this.watermark = new Watermark(options.start);
  }

  get pending(): number {
    return this.pendingBytes;
  }

  push(event: ReceivedEvent): boolean {
    this.counts.received++;
    const batch = this.batch;
    batch.events++;
    batch.bytes += event.bytes;
    this.addPending(event.bytes);
    if (event.position !== null) batch.lastPosition = event.position;
    this.take(event, batch);
    if (batch.events >= this.options.batchMax || this.pendingBytes >= this.options.maxPendingBytes)
      this.flush();
    else this.lingerTimer ??= setTimeout(() => this.flush(), this.options.lingerMs);
    return this.pendingBytes < this.options.maxPendingBytes;
  }

  drained(): Promise<void> {
    if (this.pendingBytes < this.options.maxPendingBytes) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Now minus the source's time of the last event produced; null before the first. */
  get lagSeconds(): number | null {
    if (this.lastProducedEventTimeMs === null) return null;
    return Math.max(0, (Date.now() - this.lastProducedEventTimeMs) / 1000);
  }

  /** Sets the lag gauge; called as time passes too, since the lag grows while nothing arrives. */
  refreshLag(): void {
    const lag = this.lagSeconds;
    if (lag !== null) connectorMetrics.sourceLag.set({ platform: this.options.platform }, lag);
  }

  /**
   * Produces the open batch and waits for every batch in flight; after `graceMs` the retries of those
   * Kafka does not take are abandoned (their events stay unacknowledged, so the cursor stays before them).
   */
  async close(graceMs: number): Promise<void> {
    this.flush();
    const grace = setTimeout(() => this.delivery.abandon(), graceMs);
    try {
      while (this.inFlight.size > 0) await Promise.all(this.inFlight);
    } finally {
      clearTimeout(grace);
    }
  }

  private take(event: ReceivedEvent, batch: Batch): void {
    const outcome = classifyEvent(event, this.options);
    if (outcome.kind === 'skip') {
      this.counts.skipped++;
      connectorMetrics.eventsSkipped.inc({ platform: this.options.platform, reason: outcome.reason });
      const { refusal } = outcome;
      if (refusal !== undefined)
        this.skipLog.refused(outcome.reason, () => ({
          problem: refusal,
          platform: this.options.platform,
          after: event.position?.cursor ?? null,
        }));
      return;
    }
    if (outcome.kind === 'post') {
      batch.messages.push({
        topic: 'posts.raw',
        key: outcome.post.id,
        value: postCodec.encode(outcome.post),
      });
      batch.posts++;
    } else {
      batch.messages.push({
        topic: 'posts.deleted',
        key: outcome.deletion.id,
        value: postDeletionCodec.encode(outcome.deletion),
      });
      batch.deletions++;
    }
    batch.producedEventTimeMs = event.position?.eventTimeMs ?? batch.producedEventTimeMs;
  }

  private flush(): void {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    const batch = this.batch;
    if (batch.events === 0) return;
    this.batch = emptyBatch();
    const ticket = this.watermark.track(batch.lastPosition);
    const delivery = this.delivery
      .deliver(batch.messages)
      .then(
        () => this.acknowledged(ticket, batch),
        (error: unknown) => {
          if (!(error instanceof DeliveryAbandoned)) throw error;
        },
      )
      .finally(() => {
        this.inFlight.delete(delivery);
        this.addPending(-batch.bytes);
      });
    this.inFlight.add(delivery);
  }

  private acknowledged(ticket: number, batch: Batch): void {
    this.watermark.acknowledge(ticket);
    const { platform } = this.options;
    this.counts.posts += batch.posts;
    this.counts.deletions += batch.deletions;
    if (batch.posts > 0) connectorMetrics.postsProduced.inc({ platform }, batch.posts);
    if (batch.deletions > 0) connectorMetrics.deletionsProduced.inc({ platform }, batch.deletions);
    if (batch.producedEventTimeMs !== null) {
      // Batches may be acknowledged out of order: the lag follows the latest event time seen.
      this.lastProducedEventTimeMs = Math.max(this.lastProducedEventTimeMs ?? 0, batch.producedEventTimeMs);
      this.refreshLag();
    }
  }

  private addPending(bytes: number): void {
    this.pendingBytes += bytes;
    connectorMetrics.pendingBytes.set(this.pendingBytes);
    if (this.pendingBytes >= this.options.maxPendingBytes || this.drainWaiters.length === 0) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
