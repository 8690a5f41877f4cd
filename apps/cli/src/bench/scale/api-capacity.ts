import { measureHttp, type HttpLoadResult } from '../http-load';
import { roundTo } from '../round-to';
import { startServiceUnderBench, type ServiceUnderBench } from '../service-under-bench';
import { loadMs, type ScaleContext } from './scale-context';

/** A store a tenth of the `api` stage's: the cached list it times does not grow with the store. */
const CLUSTERS = 1_000;
const MEMBERS = 20_000;
const CONCURRENCY = 16;
const WARM_UP_MS = 1_000;
const LIST = '/v1/clusters?limit=50&sort=score';

export interface ApiCapacity extends HttpLoadResult {
  readonly engine: 'postgres' | 'pglite';
  readonly route: string;
  readonly concurrency: number;
  readonly cpu_seconds: number;
  readonly per_cpu_second: number;
  readonly cpu_cores: number;
  readonly peak_rss_mib: number;
}

interface StoreUnderBench {
  readonly engine: ApiCapacity['engine'];
  readonly env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * The analyst api as deployed (response cache on, no materialisers) over a seeded store on PostgreSQL
 * (PGlite when no server answers): the `api` stage's headline route, the cluster list, at 16 requests in
 * flight for 10 s (at the default --messages) after a second of warm-up, with the api's CPU over the same
 * time.
 */
export async function measureApiCapacity(context: ScaleContext): Promise<ApiCapacity> {
  const store = await scratchStore();
  let service: ServiceUnderBench | undefined;
  try {
    const token = await seed(store, context);
    service = await startServiceUnderBench({
      name: `the api (${store.engine})`,
      entry: 'apps/api/src/main.ts',
      kafka: { brokers: context.brokers, topicPrefix: `bench.${context.runId}.api.` },
      env: {
        ...store.env,
        API_HTTP_PORT: '0',
        API_MATERIALISE: 'false',
        // The bench measures the server, not the per-key limit.
        RIPTIDE_API_KEY_RATE: '1000000',
        RIPTIDE_API_KEY_BURST: '1000000',
      },
      running: /"msg":"api running"/,
    });
    const urls = [`http://127.0.0.1:${service.httpPort}${LIST}`];
    const headers = { authorization: `Bearer ${token}` };
    context.progress(`api (${store.engine}): the cluster list, ${CONCURRENCY} in flight`);
    await measureHttp(urls, { concurrency: CONCURRENCY, durationMs: WARM_UP_MS, warmUpRequests: 0, headers });
    const before = service.usage().cpuSeconds;
    const load = await measureHttp(urls, {
      concurrency: CONCURRENCY,
      durationMs: loadMs(context),
      warmUpRequests: 0,
      headers,
    });
    if (load.non_2xx > 0) throw new Error(`the api answered ${load.non_2xx} requests with an error`);
    const seconds = load.requests / load.per_s;
    const cpuSeconds = service.usage().cpuSeconds - before;
    return {
      ...load,
      engine: store.engine,
      route: `${LIST} (cached, as deployed)`,
      concurrency: CONCURRENCY,
      cpu_seconds: roundTo(cpuSeconds, 2),
      per_cpu_second: Math.round(load.requests / cpuSeconds),
      cpu_cores: roundTo(cpuSeconds / seconds, 2),
      peak_rss_mib: Math.round(service.usage().peakRssBytes / 2 ** 20),
    };
  } finally {
    await service?.stop();
    await store.drop();
  }
}

/** A scratch PostgreSQL database (DATABASE_URL's server, else the local one), else PGlite in a temporary folder. */
async function scratchStore(): Promise<StoreUnderBench> {
  const { scratchPostgresDatabase } = await import('@riptide/store');
  try {
    const database = await scratchPostgresDatabase('riptide_bench_scale_api');
    return { engine: 'postgres', env: { DATABASE_URL: database.url }, drop: () => database.drop() };
  } catch {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'riptide-bench-scale-pglite-'));
    return {
      engine: 'pglite',
      env: { DATABASE_URL: '', RIPTIDE_PGLITE_DIR: dir },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
}

/** Seeds the store as the `api` stage does (statistics fresh) and issues a reader key. */
async function seed(store: StoreUnderBench, context: ScaleContext): Promise<string> {
  const { DatabaseApiKeyStore, migrateToLatest, openStore, refreshPlannerStatistics, storeOptionsFromEnv } =
    await import('@riptide/store');
  const { issueApiKey } = await import('@riptide/auth');
  const { seedAnalystStore } = await import('../seed-analyst-store');
  context.progress(`api (${store.engine}): storing ${CLUSTERS} clusters and ${MEMBERS} members`);
  const opened = await openStore(storeOptionsFromEnv(store.env));
  try {
    await migrateToLatest(opened.db);
    await seedAnalystStore(opened.db, { clusters: CLUSTERS, members: MEMBERS }, context.progress);
    await refreshPlannerStatistics(opened.db);
    const { token } = await issueApiKey(
      new DatabaseApiKeyStore(opened.db),
      `bench-${context.runId}`,
      'reader',
    );
    return token;
  } finally {
    // PGlite is one process's folder: the api opens it next.
    await opened.close();
  }
}
