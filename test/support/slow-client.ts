import { connect } from 'node:net';

export interface SlowClientOutcome {
  /** The status line the server answered with, if any. */
  readonly status: number | null;
  /** From the first byte sent until the server closed the connection. */
  readonly closedAfterMs: number;
  /** Bytes the client trickled before that. */
  readonly bytesSent: number;
}

/**
 * A slow-loris client: sends `head` at once, then `trickled` one byte every `intervalMs`, and never
 * finishes (it is longer than the server will wait for). Resolves when the server closes the
 * connection, or rejects after `giveUpMs` if it never does.
 */
export function trickle(
  url: string,
  head: string,
  trickled: string,
  intervalMs: number,
  giveUpMs: number,
): Promise<SlowClientOutcome> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(head));
    const started = Date.now();
    let sent = 0;
    let received = '';
    const timer = setInterval(() => {
      if (sent < trickled.length && !socket.destroyed) socket.write(trickled[sent++]);
    }, intervalMs);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept a slow client for ${giveUpMs} ms after ${sent} bytes`));
    }, giveUpMs);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      resolve({
        status: status ? Number(status) : null,
        closedAfterMs: Date.now() - started,
        bytesSent: sent,
      });
    });
  });
}
