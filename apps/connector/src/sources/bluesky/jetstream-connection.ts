import WebSocket from 'ws';
import type { ReconnectCause } from '../../connector-metrics';
import type { EventSink, ReceivedEvent } from '../live-source';

export interface ConnectionOutcome {
  readonly cause: ReconnectCause;
  /** What went wrong, for the source's status and the log. */
  readonly detail: string;
  /** Frames read on this connection. */
  readonly delivered: number;
}

export interface ConnectionOptions {
  readonly stallTimeoutMs: number;
  /** Turns a frame into what the sink takes (and counts it). */
  readonly onFrame: (frame: Buffer) => ReceivedEvent;
  /** Told once the connection is open. */
  readonly onOpen: () => void;
}

/**
 * One WebSocket connection, read until it ends; resolves (never rejects) with why it ended. While the
 * sink is full the socket is paused (TCP then slows the server) and resumed once it drained. A
 * connection that sends no frame and answers no ping within the stall timeout is terminated: a
 * half-open TCP connection otherwise looks alive for minutes. The clock stops while paused, since
 * pongs are not read then either.
 */
export class JetstreamConnection {
  private readonly socket: WebSocket;
  private readonly ended: Promise<ConnectionOutcome>;
  private stalled = false;

  constructor(url: string, sink: EventSink, options: ConnectionOptions) {
    // No compression: Jetstream's own is zstd with a dictionary, which the `compress` parameter asks for;
    // permessage-deflate would cost CPU on both sides for JSON that is mostly unique strings.
    this.socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: options.stallTimeoutMs });
    this.ended = this.read(sink, options);
  }

  /** Resolves when the connection has ended, for whatever reason. */
  outcome(): Promise<ConnectionOutcome> {
    return this.ended;
  }

  /** Ends the connection at once (stop()): frames not yet read are read again after a restart. */
  terminate(): void {
    this.socket.terminate();
  }

  private read(sink: EventSink, options: ConnectionOptions): Promise<ConnectionOutcome> {
    const socket = this.socket;
    let opened = false;
    let paused = false;
    let delivered = 0;
    let failure: string | undefined;
    let lastHeardMs = Date.now();
    const heard = () => (lastHeardMs = Date.now());
    const check = setInterval(
      () => {
        if (!opened || paused) return heard();
        if (Date.now() - lastHeardMs <= options.stallTimeoutMs) return socket.ping();
        this.stalled = true;
        socket.terminate();
      },
      Math.max(50, Math.floor(options.stallTimeoutMs / 3)),
    );

    socket.on('open', () => {
      opened = true;
      heard();
      options.onOpen();
    });
    socket.on('pong', heard);
    socket.on('message', (data: Buffer) => {
      heard();
      delivered++;
      if (sink.push(options.onFrame(data)) || paused) return;
      paused = true;
      socket.pause();
      void sink.drained().then(() => {
        paused = false;
        heard();
        socket.resume();
      });
    });
    socket.on('unexpected-response', (_request, response) => {
      failure = `the server answered HTTP ${response.statusCode} ${response.statusMessage ?? ''}`.trim();
      socket.terminate();
    });
    socket.on('error', (error) => (failure ??= error.message));

    return new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        clearInterval(check);
        resolve(this.outcomeOf(opened, delivered, failure, code, reason.toString()));
      });
    });
  }

  private outcomeOf(
    opened: boolean,
    delivered: number,
    failure: string | undefined,
    code: number,
    reason: string,
  ): ConnectionOutcome {
    if (this.stalled)
      return { cause: 'stalled', detail: 'no frame and no pong within the stall timeout', delivered };
    if (!opened) return { cause: 'refused', detail: failure ?? `closed before opening (${code})`, delivered };
    if (failure !== undefined) return { cause: 'error', detail: failure, delivered };
    return {
      cause: 'closed',
      detail: `closed by the server (${code}${reason ? ` ${reason}` : ''})`,
      delivered,
    };
  }
}
