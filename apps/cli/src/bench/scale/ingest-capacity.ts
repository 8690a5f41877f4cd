import { postCodec } from '@riptide/contracts';
import { createBenchTopics, deleteBenchTopics, topicCatalog } from '@riptide/stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roundTo } from '../round-to';
import { startServiceUnderBench, type ServiceUnderBench } from '../service-under-bench';
import { syntheticPost } from '../synthetic-post';
import { loadMs, scaleConnection, type ScaleContext } from './scale-context';

/** A client of ingest sends posts in NDJSON batches, several at once. */
const POSTS_PER_REQUEST = 1_000;
const CONCURRENCY = 4;
/** Distinct bodies sent round-robin; built once, so the bench spends no CPU building them while timed. */
const BODIES = 8;

export interface IngestCapacity {
  readonly per_s: number;
  readonly requests: number;
  readonly posts_per_request: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly cpu_seconds: number;
  readonly per_cpu_second: number;
  readonly cpu_cores: number;
  readonly peak_rss_mib: number;
}

/**
 * One ingest instance as its own process, taking POST /v1/posts bodies of 1,000 NDJSON posts, 4 in
 * flight, for 10 s (at the default --messages): every post validated, produced to `posts.raw` (the catalog's partitions) and
 * acknowledged before the 202. posts/s counts the posts the answers accepted.
 */
export async function measureIngestCapacity(context: ScaleContext): Promise<IngestCapacity> {
  const { FileApiKeyStore, issueApiKey } = await import('@riptide/auth');
  const connection = scaleConnection(context, 'ingest');
  const topics = ['posts.raw', 'authors'];
  const partitions = topicCatalog.find((topic) => topic.name === 'posts.raw')!.partitions;
  await createBenchTopics(connection, topics, partitions);
  const keysDir = mkdtempSync(join(tmpdir(), 'riptide-bench-ingest-keys-'));
  let service: ServiceUnderBench | undefined;
  try {
    const keysFile = join(keysDir, 'api-keys.json');
    const { token } = await issueApiKey(new FileApiKeyStore(keysFile), 'bench-scale', 'ingest');
    service = await startServiceUnderBench({
      name: 'ingest',
      entry: 'apps/ingest/src/main.ts',
      kafka: connection,
      env: {
        INGEST_PORT: '0',
        RIPTIDE_API_KEYS_FILE: keysFile,
        // The bench measures the service, not the per-key limit.
        RIPTIDE_API_KEY_RATE: '1000000',
        RIPTIDE_API_KEY_BURST: '1000000',
      },
      running: /"msg":"ingest listening"/,
    });
    const url = `http://127.0.0.1:${service.httpPort}/v1/posts`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' };
    const bodies = Array.from({ length: BODIES }, (_, body) =>
      Array.from({ length: POSTS_PER_REQUEST }, (_, i) =>
        postCodec.encode(syntheticPost(body * POSTS_PER_REQUEST + i)).toString(),
      ).join('\n'),
    );
    const post = async (body: string): Promise<number> => {
      const answer = await fetch(url, { method: 'POST', headers, body });
      const report = (await answer.json()) as { accepted?: number };
      if (answer.status !== 202)
        throw new Error(`ingest answered ${answer.status}: ${JSON.stringify(report).slice(0, 300)}`);
      return report.accepted ?? 0;
    };
    context.progress(`ingest: ${CONCURRENCY} clients posting ${POSTS_PER_REQUEST} posts a request`);
    for (const body of bodies) await post(body);
    const before = { at: performance.now(), cpu: service.usage().cpuSeconds };
    let next = 0;
    let accepted = 0;
    let requests = 0;
    const deadline = before.at + loadMs(context);
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) {
          accepted += await post(bodies[next++ % BODIES]);
          requests++;
        }
      }),
    );
    const seconds = (performance.now() - before.at) / 1000;
    const cpuSeconds = service.usage().cpuSeconds - before.cpu;
    const result: IngestCapacity = {
      per_s: Math.round(accepted / seconds),
      requests,
      posts_per_request: POSTS_PER_REQUEST,
      concurrency: CONCURRENCY,
      seconds: roundTo(seconds, 3),
      cpu_seconds: roundTo(cpuSeconds, 2),
      per_cpu_second: Math.round(accepted / cpuSeconds),
      cpu_cores: roundTo(cpuSeconds / seconds, 2),
      peak_rss_mib: Math.round(service.usage().peakRssBytes / 2 ** 20),
    };
    context.progress(`ingest: ${result.per_s} posts/s, ${result.per_cpu_second} per CPU-second`);
    return result;
  } finally {
    await service?.stop();
    rmSync(keysDir, { recursive: true, force: true });
    await deleteBenchTopics(connection, topics).catch(() => undefined);
  }
}
