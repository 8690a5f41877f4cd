import { ConfigError, createLogger } from '@riptide/observability';
import type { ConnectorConfig } from '../../connector-config';
import type { EventSink, LiveSource, SourceStatus } from '../live-source';
import { discoverStreamingBase } from './mastodon-endpoints';
import { MastodonHttp } from './mastodon-http';
import type { SourceEvent } from './source-events';
import { earlierStatusId, isStatusId } from './status-ids';
import { StreamConnection, type ConnectionHost, type ConnectionSettings } from './stream-connection';

/**
 * Mastodon's public, local and hashtag streams as a LiveSource.
 *
 * The cursor. A Mastodon stream cannot be replayed from a point, but its REST timeline can be read
 * forward from a status id (`min_id`), and ids grow with time; so the cursor is a status id with the
 * meaning "every status of every stream up to this id has been handed to the sink". Each stream keeps
 * the highest id it handed on (after a timeline catch-up with no gap, so everything below it is handed
 * on too), and an event's position is the lowest of those over the streams: one cursor for several
 * streams, which on a restart makes each stream catch up from it. A stream that is ahead then re-reads
 * a little (posts are keyed by id downstream), and a quiet hashtag holds the cursor back, making a
 * restart re-read more of the busy streams: correct, at the price of some repeated reading. Deletions,
 * edits and other non-status events carry the cursor as it stands (they move nothing); a frame that
 * could not be read (malformed JSON, oversized) carries none.
 *
 * Limit: a status that reaches the instance with an id below the cursor (Mastodon may give a remote
 * status fetched late an id from its past creation time) is not caught up after a disconnect.
 */
export function createMastodonSource(config: ConnectorConfig): LiveSource {
  return new MastodonSource(config);
}

class MastodonSource implements LiveSource, ConnectionHost {
  readonly platform = 'mastodon';
  readonly settings: ConnectionSettings;
  readonly http: MastodonHttp;
  readonly log = createLogger('connector-mastodon');
  private readonly connections: StreamConnection[];
  private discoveredBase: string | null = null;
  private readonly placed = deferred();
  private sink: EventSink | null = null;
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;

  constructor(private readonly config: ConnectorConfig) {
    const { mastodon } = config;
    if (mastodon.instance === '')
      throw new ConfigError('MASTODON_INSTANCE_URL is required for the Mastodon source');
    if (mastodon.streams.length === 0) throw new ConfigError('MASTODON_STREAMS names no stream');
    this.settings = {
      instance: mastodon.instance,
      maxEventBytes: config.maxEventBytes,
      stallTimeoutMs: config.stallTimeoutMs,
      reconnectInitialMs: config.reconnectInitialMs,
      reconnectMaxMs: config.reconnectMaxMs,
      // While catching up, each stream holds at most its share of what the pipeline may hold pending.
      catchUpBufferBytes: Math.max(
        config.maxEventBytes,
        Math.floor(config.maxPendingBytes / mastodon.streams.length),
      ),
    };
    this.http = new MastodonHttp(mastodon.accessToken);
    this.connections = mastodon.streams.map((stream) => new StreamConnection(stream, this));
  }

  async run(sink: EventSink, resumeFrom: string | null): Promise<void> {
    if (this.sink) throw new Error('the Mastodon source is already running');
    if (resumeFrom !== null && !isStatusId(resumeFrom))
      throw new ConfigError(
        `the committed cursor of connector ${this.config.name} is ${JSON.stringify(resumeFrom)}, not a Mastodon status id: was it written by another source?`,
      );
    this.sink = sink;
    for (const connection of this.connections) connection.highest = resumeFrom;
    if (resumeFrom !== null) this.placed.resolve();
    const signal = this.stopping.signal;
    this.running = Promise.all(this.connections.map((connection) => connection.run(signal))).then(
      () => undefined,
    );
    await this.running;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  status(): SourceStatus {
    return {
      connected: this.connections.every((connection) => connection.connected),
      endpoint: this.config.mastodon.streamingUrl ?? this.discoveredBase,
      problem: this.connections.find((connection) => connection.problem !== null)?.problem ?? null,
    };
  }

  async streamingBase(signal: AbortSignal): Promise<string> {
    const configured = this.config.mastodon.streamingUrl;
    if (configured !== null) return configured;
    this.discoveredBase ??= await discoverStreamingBase(this.settings.instance, this.http, signal);
    return this.discoveredBase;
  }

  everyStreamPlaced(signal: AbortSignal): Promise<void> {
    return untilAborted(this.placed.promise, signal);
  }

  streamPlaced(): void {
    if (this.connections.every((connection) => connection.highest !== null)) this.placed.resolve();
  }

  handOn(event: SourceEvent, from: StreamConnection): boolean {
    if (event.statusId !== null && (from.highest === null || BigInt(event.statusId) > BigInt(from.highest)))
      from.highest = event.statusId;
    const position = event.placed ? { cursor: this.cursor(), eventTimeMs: event.eventTimeMs } : null;
    return (this.sink as EventSink).push({ result: event.result, position, bytes: event.bytes });
  }

  drained(signal: AbortSignal): Promise<void> {
    return untilAborted((this.sink as EventSink).drained(), signal);
  }

  /** The lowest of the streams' highest ids handed on: see the comment at the top. */
  private cursor(): string {
    return this.connections.map((connection) => connection.highest as string).reduce(earlierStatusId);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** The promise, or a rejection as soon as the signal aborts (a stop must not wait for a sink to drain). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
