import { createLogger } from '@riptide/observability';
import { backoffDelayMs } from '@riptide/stream';
import type { ConnectorConfig } from '../../connector-config';
import { connectorMetrics } from '../../connector-metrics';
import type { EventSink, LiveSource, ReceivedEvent, SourceStatus } from '../live-source';
import { JetstreamConnection } from './jetstream-connection';
import { jetstreamEvent } from './jetstream-frame';
import { jetstreamUrl, rewoundCursor } from './jetstream-url';

const log = createLogger('connector');
const PLATFORM = 'bluesky';

/** Where to resume: a time_us, and the endpoint whose clock it is on (null: unknown, e.g. a committed cursor). */
interface Resume {
  readonly cursor: string;
  readonly endpoint: string | null;
}

/**
 * Bluesky through Jetstream. Reconnects with capped exponential backoff and full jitter; the attempt
 * count starts again once a connection has delivered frames. A connection that was refused, stalled or
 * delivered nothing counts as the endpoint failing, and the next attempt goes to the next endpoint
 * (failover); one that delivered frames and then closed is retried on the same endpoint.
 *
 * Resuming: from the last position handed to the sink (everything before it is in the sink, which
 * delivers or keeps retrying it). On the same endpoint that cursor is exact; on another one it is
 * rewound by CONNECTOR_REWIND_S first, since each instance stamps time_us with its own clock. A
 * committed cursor's endpoint is unknown, so a process start rewinds too.
 */
export class JetstreamSource implements LiveSource {
  readonly platform = PLATFORM;
  private stopping = false;
  private connection: JetstreamConnection | undefined;
  private wakeFromBackoff: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private current: SourceStatus = { connected: false, endpoint: null, problem: 'not started' };

  constructor(private readonly config: ConnectorConfig) {}

  status(): SourceStatus {
    return this.current;
  }

  run(sink: EventSink, resumeFrom: string | null): Promise<void> {
    this.running = this.readUntilStopped(sink, resumeFrom);
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeFromBackoff?.();
    this.connection?.terminate();
    await this.running;
  }

  private async readUntilStopped(sink: EventSink, resumeFrom: string | null): Promise<void> {
    const { endpoints } = this.config.bluesky;
    let resume: Resume | null = resumeFrom === null ? null : { cursor: resumeFrom, endpoint: null };
    let index = 0;
    let attempt = 0;
    while (!this.stopping) {
      const endpoint = endpoints[index];
      const seen: { cursor: string | null } = { cursor: null };
      const url = jetstreamUrl(endpoint, {
        collections: this.config.bluesky.collections,
        dids: this.config.bluesky.dids,
        cursor: this.startCursor(resume, endpoint),
        maxMessageSizeBytes: this.config.maxEventBytes,
      });
      this.connection = new JetstreamConnection(url, sink, {
        stallTimeoutMs: this.config.stallTimeoutMs,
        onOpen: () => {
          this.current = { connected: true, endpoint, problem: null };
          log.info({ endpoint, cursor: resume?.cursor ?? null }, 'connected to Jetstream');
        },
        onFrame: (frame) => {
          const event = this.counted(jetstreamEvent(frame));
          if (event.position !== null) seen.cursor = event.position.cursor;
          return event;
        },
      });
      const outcome = await this.connection.outcome();
      if (seen.cursor !== null) resume = { cursor: seen.cursor, endpoint };
      if (this.stopping) break;
      connectorMetrics.reconnects.inc({ platform: PLATFORM, cause: outcome.cause });
      const failed = outcome.cause !== 'closed' || outcome.delivered === 0;
      if (outcome.delivered > 0) attempt = 0;
      if (failed && endpoints.length > 1) index = (index + 1) % endpoints.length;
      const problem = `${endpoint}: ${outcome.cause}, ${outcome.detail}`;
      this.current = { connected: false, endpoint: null, problem };
      const delayMs = backoffDelayMs(attempt++, this.config.reconnectInitialMs, this.config.reconnectMaxMs);
      log.warn(
        { endpoint, cause: outcome.cause, detail: outcome.detail, delayMs, next: endpoints[index] },
        'Jetstream connection lost; reconnecting',
      );
      await this.backoff(delayMs);
    }
    this.current = { connected: false, endpoint: null, problem: 'stopped' };
  }

  private startCursor(resume: Resume | null, endpoint: string): string | null {
    if (resume === null) return null;
    if (resume.endpoint === endpoint) return resume.cursor;
    const rewound = rewoundCursor(resume.cursor, this.config.rewindS);
    if (rewound === null)
      log.warn({ cursor: resume.cursor }, 'the cursor is not a Jetstream time_us; reading live from now');
    return rewound;
  }

  private counted(event: ReceivedEvent): ReceivedEvent {
    connectorMetrics.eventsReceived.inc({ platform: PLATFORM });
    connectorMetrics.receivedBytes.inc({ platform: PLATFORM }, event.bytes);
    return event;
  }

  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeFromBackoff = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

export function createJetstreamSource(config: ConnectorConfig): LiveSource {
  return new JetstreamSource(config);
}
