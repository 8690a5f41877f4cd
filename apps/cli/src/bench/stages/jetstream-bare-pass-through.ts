import type { OutboundMessage, ProducerSink } from '@riptide/stream';
import { WebSocket } from 'ws';

/** A point of a timed run: wall clock and this process's CPU. */
export interface RunMark {
  readonly at: number;
  readonly cpu: NodeJS.CpuUsage;
}

export function runMark(): RunMark {
  return { at: performance.now(), cpu: process.cpuUsage() };
}

export interface BareLimits {
  readonly batchMax: number;
  readonly lingerMs: number;
  readonly maxPendingBytes: number;
}

/**
 * The connector's baseline: a WebSocket client that produces every frame as it came (no parse, adapt,
 * validation, filter or cursor; no key) to `topic` through `sink`, in batches of the connector's size and
 * linger, several in flight, the socket paused while more than `maxPendingBytes` wait for Kafka, as any
 * competent loop would. Resolves with the marks of its first frame and its last acknowledgement.
 */
export function runBareJetstreamPassThrough(
  url: string,
  frames: number,
  sink: ProducerSink,
  topic: string,
  limits: BareLimits,
): Promise<{ started: RunMark; finished: RunMark }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    let batch: OutboundMessage[] = [];
    let batchBytes = 0;
    let pendingBytes = 0;
    let acknowledged = 0;
    let paused = false;
    let linger: NodeJS.Timeout | undefined;
    let started: RunMark | undefined;

    const flush = () => {
      clearTimeout(linger);
      linger = undefined;
      if (batch.length === 0) return;
      const [messages, bytes] = [batch, batchBytes];
      batch = [];
      batchBytes = 0;
      sink.send(messages).then(() => {
        acknowledged += messages.length;
        pendingBytes -= bytes;
        if (paused && pendingBytes < limits.maxPendingBytes) {
          paused = false;
          socket.resume();
        }
        if (acknowledged >= frames) {
          const finished = runMark();
          socket.terminate();
          resolve({ started: started!, finished });
        }
      }, reject);
    };

    socket.on('message', (data: Buffer) => {
      started ??= runMark();
      batch.push({ topic, key: null, value: data });
      batchBytes += data.length;
      pendingBytes += data.length;
      if (batch.length >= limits.batchMax) flush();
      else linger ??= setTimeout(flush, limits.lingerMs);
      if (!paused && pendingBytes >= limits.maxPendingBytes) {
        paused = true;
        socket.pause();
      }
    });
    socket.on('error', reject);
  });
}
