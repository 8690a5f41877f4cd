import { Agent, request } from 'node:http';
import { roundTo } from './round-to';

export interface HttpLoadOptions {
  /** Requests in flight at once, each on its own kept-alive connection. */
  readonly concurrency: number;
  readonly durationMs: number;
  /** Requests sent before the clock starts (connections opened, code paths compiled). */
  readonly warmUpRequests: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpLoadResult {
  readonly per_s: number;
  readonly requests: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly max_ms: number;
  /** Answers other than 2xx; any is a failed measurement. */
  readonly non_2xx: number;
  readonly mean_bytes: number;
}

/**
 * A closed-loop load: `concurrency` clients each send the next request as soon as the previous answer
 * has been read whole, for a fixed time. Latency is measured per request from write to the last byte.
 * `urls` are taken round-robin, so that a stage can spread its requests over many resources.
 */
export async function measureHttp(
  urls: readonly string[],
  options: HttpLoadOptions,
): Promise<HttpLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  try {
    let next = 0;
    const pick = () => urls[next++ % urls.length];
    for (let i = 0; i < options.warmUpRequests; i += options.concurrency)
      await Promise.all(
        Array.from({ length: options.concurrency }, () => get(pick(), agent, options.headers)),
      );

    const latencies: number[] = [];
    let non2xx = 0;
    let bytes = 0;
    const started = performance.now();
    const deadline = started + options.durationMs;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < deadline) {
          const sent = performance.now();
          const answer = await get(pick(), agent, options.headers);
          latencies.push(performance.now() - sent);
          bytes += answer.bytes;
          if (answer.status < 200 || answer.status >= 300) non2xx++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (latencies.length === 0)
      throw new Error(`no request to ${urls[0]} completed in ${options.durationMs} ms`);
    latencies.sort((a, b) => a - b);
    const quantile = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    return {
      per_s: Math.round(latencies.length / seconds),
      requests: latencies.length,
      p50_ms: roundTo(quantile(0.5), 2),
      p99_ms: roundTo(quantile(0.99), 2),
      max_ms: roundTo(latencies[latencies.length - 1], 2),
      non_2xx: non2xx,
      mean_bytes: Math.round(bytes / latencies.length),
    };
  } finally {
    agent.destroy();
  }
}

function get(
  url: string,
  agent: Agent,
  headers: Readonly<Record<string, string>> | undefined,
): Promise<{ status: number; bytes: number }> {
  return new Promise((done, fail) => {
    const outgoing = request(url, { agent, headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => done({ status: response.statusCode ?? 0, bytes }));
      response.on('error', fail);
    });
    outgoing.on('error', fail);
    outgoing.end();
  });
}
