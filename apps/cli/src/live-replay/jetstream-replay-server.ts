import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import { WebSocket, WebSocketServer } from 'ws';
import { readJetstreamFrame, wantsFrame, type JetstreamFrameFacts } from './jetstream-frame';
import { ReplayClock } from './replay-clock';

/** Faults a test plays on the first connection that reaches them; each happens once per server. */
export interface JetstreamReplayFaults {
  /** Cut the connection (no close frame) once it has been sent this many frames. */
  readonly dropAfterFrames?: number;
  /**
   * Once a connection has been sent this many frames, it hears nothing more and the server stops
   * reading it (so its pings go unanswered), the socket left open until the client gives up.
   */
  readonly stallAfterFrames?: number;
}

export interface JetstreamReplayOptions {
  /** The recording: Jetstream events as JSON text, malformed frames among them. */
  readonly frames: readonly string[];
  readonly faults?: JetstreamReplayFaults;
  /** Frames per second the recording happens at; unset, as fast as clients read (see ReplayClock). */
  readonly framesPerSecond?: number;
  /**
   * false: the server ignores `maxMessageSizeBytes`, as a proxy or an older Jetstream may, so that the
   * client's own limit is what meets oversized frames. Default true.
   */
  readonly honourMaxMessageSize?: boolean;
  /** 0 (default): a free port. */
  readonly port?: number;
}

/** What one client asked for when it connected. */
export interface JetstreamSubscription {
  /** The `cursor` parameter (µs), null when absent. */
  readonly cursor: string | null;
  readonly wantedCollections: readonly string[];
  readonly wantedDids: readonly string[];
  readonly maxMessageSizeBytes: number;
}

export interface JetstreamReplayServer {
  /** `ws://127.0.0.1:<port>/subscribe`, as the public instances' URLs end. */
  readonly url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Every accepted connection's parameters, in order: where clients resumed. */
  readonly subscriptions: readonly JetstreamSubscription[];
  /** Frames sent over every connection (re-sends after a resume included). */
  readonly framesSent: number;
  close(): Promise<void>;
}

/** Bytes queued on one connection before the server waits for the client to read them. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** Frames sent between yields to the event loop, so that a fast run never starves the process. */
const FRAMES_PER_TURN = 64;
const NSID = /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z0-9-]+)+(\.\*)?$/;

/**
 * A local stand-in for a Jetstream instance (github.com/bluesky-social/jetstream) that replays a
 * recording: `GET /subscribe` upgraded to a WebSocket, honouring `cursor` (replay from the first frame
 * whose time_us ≥ cursor; a frame without a time keeps its place after the one before it; a cursor
 * past the recording means live tail), `wantedCollections` and `wantedDids` (repeated parameters, as
 * Jetstream reads them, an invalid NSID refused with 400) and `maxMessageSizeBytes` (bigger frames are
 * not sent). Identity and account events are sent whatever the collections, as Jetstream does. Sending
 * respects the client's reading: at most HIGH_WATER_BYTES wait in the socket.
 */
export async function startJetstreamReplayServer(
  options: JetstreamReplayOptions,
): Promise<JetstreamReplayServer> {
  const facts = options.frames.map(readJetstreamFrame);
  // Encoded once: a fast run would otherwise spend the server's time turning strings into UTF-8.
  const frames = options.frames.map((frame) => Buffer.from(frame));
  const times = timesKeepingPlace(facts);
  const clock = new ReplayClock(frames.length, options.framesPerSecond);
  const faults = { ...options.faults };
  const sizeLimited = options.honourMaxMessageSize ?? true;
  const subscriptions: JetstreamSubscription[] = [];
  const sockets = new Set<Socket>();
  let framesSent = 0;

  const http = createServer((_request, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  http.on('upgrade', (request, socket, head) => {
    const subscription = readSubscription(request);
    if (typeof subscription === 'string') {
      socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n${subscription}`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      subscriptions.push(subscription);
      clock.connected();
      void stream(ws, subscription);
    });
  });

  function startIndex(cursor: string | null): number {
    if (cursor === null) return clock.liveIndex();
    const cursorUs = Number(cursor);
    const index = times.findIndex((time) => time >= cursorUs);
    return index < 0 ? clock.liveIndex() : Math.min(index, frames.length);
  }

  async function stream(ws: WebSocket, subscription: JetstreamSubscription): Promise<void> {
    const closed = new AbortController();
    ws.once('close', () => closed.abort());
    ws.on('error', () => undefined);
    const wantedDids = new Set(subscription.wantedDids);
    let sentHere = 0;
    const socket = (ws as unknown as { _socket: Socket })._socket;
    let corked = false;
    const uncork = () => {
      if (!corked) return;
      corked = false;
      socket.uncork();
    };
    try {
      for (let index = startIndex(subscription.cursor); index < frames.length; index++) {
        if (closed.signal.aborted) return;
        const wait = clock.msUntil(index);
        if (wait > 0) await sleep(wait, undefined, { signal: closed.signal });
        if (faults.dropAfterFrames !== undefined && sentHere >= faults.dropAfterFrames) {
          delete faults.dropAfterFrames;
          uncork();
          ws.terminate();
          return;
        }
        if (faults.stallAfterFrames !== undefined && sentHere >= faults.stallAfterFrames) {
          delete faults.stallAfterFrames;
          uncork();
          ws.pause();
          return;
        }
        const frame = facts[index];
        if (!wantsFrame(subscription.wantedCollections, frame)) continue;
        if (wantedDids.size > 0 && frame.did !== null && !wantedDids.has(frame.did)) continue;
        if (
          sizeLimited &&
          subscription.maxMessageSizeBytes > 0 &&
          frame.bytes > subscription.maxMessageSizeBytes
        )
          continue;
        if (ws.readyState !== WebSocket.OPEN) return;
        sentHere++;
        framesSent++;
        clock.sent(index);
        if (ws.bufferedAmount + frame.bytes > HIGH_WATER_BYTES) {
          // The callback runs once the frame (and all before it) went to the kernel.
          await new Promise<void>((sent) => ws.send(frames[index], { binary: false }, () => sent()));
        } else {
          if (!corked) {
            // A turn's frames leave in one write instead of one each: the sending no longer limits a fast client.
            corked = true;
            socket.cork();
            process.nextTick(uncork);
          }
          ws.send(frames[index], { binary: false });
          if (sentHere % FRAMES_PER_TURN === 0) await yieldToEventLoop();
        }
      }
    } catch (error) {
      if (!closed.signal.aborted) throw error;
    }
  }

  await new Promise<void>((listening) => http.listen(options.port ?? 0, '127.0.0.1', listening));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/subscribe`,
    get connections() {
      return subscriptions.length;
    },
    subscriptions,
    get framesSent() {
      return framesSent;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((closedDown) => http.close(() => closedDown()));
    },
  };
}

/** The subscription a handshake asks for, or why it is refused (Jetstream answers 400 then). */
function readSubscription(request: IncomingMessage): JetstreamSubscription | string {
  const url = new URL(request.url ?? '/', 'http://replay');
  if (url.pathname !== '/subscribe') return `no such path: ${url.pathname}`;
  const wantedCollections = url.searchParams.getAll('wantedCollections');
  const invalid = wantedCollections.find((collection) => !NSID.test(collection));
  if (invalid !== undefined) return `invalid collection: ${invalid}`;
  const cursor = url.searchParams.get('cursor');
  if (cursor !== null && !/^\d+$/.test(cursor)) return `invalid cursor: ${cursor}`;
  return {
    cursor,
    wantedCollections,
    wantedDids: url.searchParams.getAll('wantedDids'),
    maxMessageSizeBytes: Math.max(0, Number(url.searchParams.get('maxMessageSizeBytes') ?? 0) || 0),
  };
}

/** Each frame's time_us; a frame without one takes the time of the frame before it (or 0). */
function timesKeepingPlace(facts: readonly JetstreamFrameFacts[]): Float64Array {
  const times = new Float64Array(facts.length);
  let previous = 0;
  facts.forEach((frame, index) => {
    previous = frame.timeUs ?? previous;
    times[index] = previous;
  });
  return times;
}
