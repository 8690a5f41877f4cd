import type { Logger } from '@riptide/observability';
import { backoffDelayMs } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MastodonStream } from '../../connector-config';
import { connectorMetrics, type ReconnectCause } from '../../connector-metrics';
import { CatchUpBuffer } from './catch-up-buffer';
import { streamLabel, streamUrl, TIMELINE_PAGE_LIMIT, timelineUrl } from './mastodon-endpoints';
import { MastodonRefusal, type MastodonHttp } from './mastodon-http';
import { mastodonMetrics } from './mastodon-metrics';
import { sseFrameEvent, timelineStatusEvent, type SourceEvent } from './source-events';
import { StalledError, readSseFrames } from './sse-reader';
import { isStatusId, laterStatusId } from './status-ids';

export interface ConnectionSettings {
  readonly instance: string;
  readonly maxEventBytes: number;
  readonly stallTimeoutMs: number;
  readonly reconnectInitialMs: number;
  readonly reconnectMaxMs: number;
  readonly catchUpBufferBytes: number;
}

/** What a stream's connection needs from the source that owns it. */
export interface ConnectionHost {
  readonly settings: ConnectionSettings;
  readonly http: MastodonHttp;
  readonly log: Logger;
  streamingBase(signal: AbortSignal): Promise<string>;
  /** Resolves once every stream of the source knows where it starts (the source's cursor needs all). */
  everyStreamPlaced(signal: AbortSignal): Promise<void>;
  streamPlaced(): void;
  /** Hands one event to the sink; false: the sink is full, await drained(). */
  handOn(event: SourceEvent, from: StreamConnection): boolean;
  drained(signal: AbortSignal): Promise<void>;
}

/** The server ended the event stream: a normal end, but one to reconnect from. */
class StreamClosed extends Error {
  constructor() {
    super('the server closed the stream');
    this.name = 'StreamClosed';
  }
}

const PLATFORM = { platform: 'mastodon' } as const;

/**
 * One stream (`public`, `public:local`, `hashtag:<tag>`) read over its own server-sent events connection.
 * Each connection opens the stream first and only then reads the gap since `highest` from the REST
 * timeline, holding the stream's events meanwhile, so that nothing posted while it was away or while it
 * connected is missed; then hands the held events on (those the timeline already gave dropped) and goes
 * live. Failures of any step reconnect with capped, jittered backoff, or after the wait a 429 asked for.
 */
export class StreamConnection {
  /**
   * The highest status id handed to the sink from this stream, or where it starts (the resume cursor,
   * or the newest status at the first start without one): every status of the stream up to it has been
   * handed on. Null only until the first start is placed.
   */
  highest: string | null = null;
  connected = false;
  problem: string | null = null;
  private live = false;
  private failures = 0;
  readonly label: string;

  constructor(
    readonly stream: MastodonStream,
    private readonly host: ConnectionHost,
  ) {
    this.label = streamLabel(stream);
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let failure: unknown;
      try {
        await this.connectOnce(signal);
      } catch (error) {
        failure = error;
      }
      this.connected = false;
      this.live = false;
      if (signal.aborted) return;
      const { cause, problem, waitMs } = this.describeFailure(failure);
      this.problem = problem;
      connectorMetrics.reconnects.inc({ ...PLATFORM, cause });
      const { reconnectInitialMs, reconnectMaxMs } = this.host.settings;
      const delayMs = waitMs ?? backoffDelayMs(this.failures, reconnectInitialMs, reconnectMaxMs);
      this.failures++;
      this.host.log.warn(
        { stream: this.label, cause, problem, delayMs },
        'mastodon stream lost; reconnecting',
      );
      await sleep(delayMs, undefined, { signal }).catch(() => undefined);
    }
  }

  /** One connection, from placing the stream to the failure that ends it: it never returns normally. */
  private async connectOnce(signal: AbortSignal): Promise<never> {
    const { settings } = this.host;
    if (this.highest === null) {
      this.highest = await this.newestStatusId(signal);
      this.host.streamPlaced();
    }
    await this.host.everyStreamPlaced(signal);
    const url = streamUrl(await this.host.streamingBase(signal), this.stream);
    const attempt = new AbortController();
    const attemptSignal = AbortSignal.any([signal, attempt.signal]);
    const response = await this.openStream(url, attemptSignal);
    this.connected = true;
    this.host.log.info({ stream: this.label, url, after: this.highest }, 'mastodon stream connected');

    const buffer = new CatchUpBuffer(settings.catchUpBufferBytes, () =>
      mastodonMetrics.catchUpOverflows.inc(),
    );
    let failure: unknown;
    const fail = (error: unknown) => {
      failure ??= error;
      attempt.abort(error);
    };
    const reading = this.readStream(response, buffer, attemptSignal).then(
      () => fail(new StreamClosed()),
      fail,
    );
    const catchingUp = this.catchUp(buffer, attemptSignal).catch(fail);
    await Promise.all([reading, catchingUp]);
    throw failure;
  }

  /** The stream's response, its headers awaited within the stall timeout (its body is not timed here). */
  private async openStream(url: string, signal: AbortSignal): Promise<Response & { body: ReadableStream }> {
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new StalledError(this.host.settings.stallTimeoutMs)),
      this.host.settings.stallTimeoutMs,
    );
    try {
      const response = await this.host.http.get(
        url,
        AbortSignal.any([signal, timeout.signal]),
        'text/event-stream',
      );
      if (response.body === null) throw new Error(`GET ${url}: the answer has no body`);
      return response as Response & { body: ReadableStream };
    } finally {
      clearTimeout(timer);
    }
  }

  private async readStream(
    response: Response & { body: ReadableStream },
    buffer: CatchUpBuffer,
    signal: AbortSignal,
  ): Promise<void> {
    const { instance, maxEventBytes, stallTimeoutMs } = this.host.settings;
    for await (const frame of readSseFrames(response.body, maxEventBytes, stallTimeoutMs)) {
      const event = sseFrameEvent(frame, instance, () => new Date());
      countReceived(event);
      if (!this.live) buffer.add(event);
      else if (!this.host.handOn(event, this)) await this.host.drained(signal);
    }
  }

  /**
   * Pages the timeline forward from `highest` until a page comes back empty, then hands on the held
   * events, skipping the statuses the timeline already gave. When the buffer overflows meanwhile, the
   * dropped events are on the timeline after `highest` (no later event was handed on before them):
   * page again. The switch to live happens in the same tick as the check that the buffer is empty,
   * with no await between, so that no event slips between the two modes.
   */
  private async catchUp(buffer: CatchUpBuffer, signal: AbortSignal): Promise<void> {
    let fromTimeline = 0;
    for (;;) {
      buffer.clearOverflowed();
      fromTimeline += await this.pageForward(signal);
      let event: SourceEvent | undefined;
      while (!buffer.overflowed && (event = buffer.take()) !== undefined) {
        if (this.handedOnAlready(event)) continue;
        if (!this.host.handOn(event, this)) await this.host.drained(signal);
      }
      if (!buffer.overflowed) break;
    }
    this.live = true;
    this.problem = null;
    this.failures = 0;
    this.host.log.info(
      { stream: this.label, fromTimeline, highest: this.highest },
      'mastodon stream caught up',
    );
  }

  /** A held status the timeline handed on already (at or below `highest`). */
  private handedOnAlready(event: SourceEvent): boolean {
    return event.statusId !== null && this.highest !== null && BigInt(event.statusId) <= BigInt(this.highest);
  }

  /** Hands on the timeline's statuses after `highest`, oldest first; returns how many. */
  private async pageForward(signal: AbortSignal): Promise<number> {
    const { instance } = this.host.settings;
    let handed = 0;
    for (;;) {
      const page = await this.timelinePage(this.highest, TIMELINE_PAGE_LIMIT, signal);
      if (page.length === 0) return handed;
      const before = this.highest;
      for (const event of page) {
        countReceived(event);
        handed++;
        if (!this.host.handOn(event, this)) await this.host.drained(signal);
      }
      // A page whose ids could not move the cursor would be asked for again forever.
      if (this.highest === before)
        throw new Error(
          `${instance}: the ${this.label} timeline after ${before} answered no status id past it`,
        );
    }
  }

  /** Where a stream starts when there is no cursor: after the newest status now on its timeline. */
  private async newestStatusId(signal: AbortSignal): Promise<string> {
    const newest = await this.timelinePage(null, 1, signal);
    return newest
      .map((event) => event.statusId)
      .filter(isStatusId)
      .reduce(laterStatusId, '0');
  }

  /** One page of the timeline after `minId` (or the newest), oldest first. */
  private async timelinePage(
    minId: string | null,
    limit: number,
    signal: AbortSignal,
  ): Promise<SourceEvent[]> {
    const { instance, stallTimeoutMs } = this.host.settings;
    const url = timelineUrl(instance, this.stream, minId, limit);
    const { value, bytes } = await this.host.http.getJson(
      url,
      AbortSignal.any([signal, AbortSignal.timeout(stallTimeoutMs)]),
    );
    if (!Array.isArray(value)) throw new Error(`GET ${url}: the answer is not a list of statuses`);
    // The page's size shared among its statuses: close enough for the byte counts and the sink's bound.
    const each = value.length === 0 ? 0 : Math.ceil(bytes / value.length);
    return value.map((status) => timelineStatusEvent(status, instance, each)).sort(oldestFirst);
  }

  private describeFailure(failure: unknown): {
    cause: ReconnectCause;
    problem: string;
    waitMs: number | null;
  } {
    const where = `mastodon stream ${this.label}`;
    if (failure instanceof MastodonRefusal)
      return { cause: 'refused', problem: failure.problem, waitMs: failure.retryAfterMs };
    if (failure instanceof StreamClosed)
      return { cause: 'closed', problem: `${where}: ${failure.message}`, waitMs: null };
    const error = failure as Error;
    if (error instanceof StalledError || error?.name === 'TimeoutError')
      return { cause: 'stalled', problem: `${where} stalled: ${error.message}`, waitMs: null };
    const detail =
      error?.cause instanceof Error
        ? `${error.message} (${error.cause.message})`
        : String(error?.message ?? error);
    return { cause: 'error', problem: `${where}: ${detail}`, waitMs: null };
  }
}

function countReceived(event: SourceEvent): void {
  connectorMetrics.eventsReceived.inc(PLATFORM);
  connectorMetrics.receivedBytes.inc(PLATFORM, event.bytes);
}

/** Statuses without a readable id first (they place nothing), then by id. */
function oldestFirst(a: SourceEvent, b: SourceEvent): number {
  if (a.statusId === null || b.statusId === null)
    return a.statusId === null ? (b.statusId === null ? 0 : -1) : 1;
  const difference = BigInt(a.statusId) - BigInt(b.statusId);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}
