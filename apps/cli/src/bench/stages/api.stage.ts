import type { BenchContext, BenchStage, BenchStageResult } from '../bench-stage';
import { measureHttp, type HttpLoadResult } from '../http-load';
import { roundTo } from '../round-to';
import { startServiceUnderBench, type ServiceUnderBench } from '../service-under-bench';

const CLUSTERS = 10_000;
const MEMBERS = 200_000;
const CONCURRENCY = 16;
const DURATION_MS = 8_000;
const WARM_UP_REQUESTS = 200;
/** Detail and graph requests go round-robin over this many clusters, so no single row stays hot. */
const SPREAD = 500;

export const apiStage: BenchStage = {
  name: 'api',
  description:
    `the analyst api as its own process over a store of ${CLUSTERS.toLocaleString('en')} clusters and ` +
    `${MEMBERS.toLocaleString('en')} member rows (with their evidence edges), on PostgreSQL and on PGlite: ` +
    `requests/s and latency of the cluster list, one cluster and its graph at ${CONCURRENCY} requests in flight, ` +
    'beside the same server’s /health; per_s = cluster list requests/s on PostgreSQL',
  needsBroker: false,
  run: measureApi,
};

interface EngineRun {
  readonly health: HttpLoadResult;
  readonly list: HttpLoadResult & { ratio_to_health: number };
  readonly detail: HttpLoadResult & { ratio_to_health: number };
  readonly graph: HttpLoadResult & { ratio_to_health: number };
  readonly seed_seconds: number;
  readonly evidence_edges: number;
}

async function measureApi(context: BenchContext): Promise<BenchStageResult> {
  const postgres = await measureOnScratchPostgres(context).catch((error: Error) => ({
    skipped: `PostgreSQL: ${error.message}`,
  }));
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const pgliteDir = mkdtempSync(join(tmpdir(), 'riptide-bench-pglite-'));
  let pglite: EngineRun;
  try {
    pglite = await measureEngine(context, 'pglite', { RIPTIDE_PGLITE_DIR: pgliteDir });
  } finally {
    rmSync(pgliteDir, { recursive: true, force: true });
  }
  const headline = 'list' in postgres ? postgres : pglite;
  return {
    per_s: headline.list.per_s,
    engine: headline === pglite ? 'pglite' : 'postgres',
    clusters: CLUSTERS,
    members: MEMBERS,
    concurrency: CONCURRENCY,
    seconds_per_measure: DURATION_MS / 1000,
    postgres,
    pglite,
  };
}

/** Seeds a store on one engine, starts the api over it (no materialisers) and loads its routes in turn. */
async function measureEngine(
  context: BenchContext,
  engine: 'postgres' | 'pglite',
  storeEnv: Record<string, string>,
): Promise<EngineRun> {
  const { DatabaseApiKeyStore, migrateToLatest, openStore, refreshPlannerStatistics, storeOptionsFromEnv } =
    await import('@riptide/store');
  const { issueApiKey } = await import('@riptide/auth');
  const { seedAnalystStore } = await import('../seed-analyst-store');
  context.progress(`api (${engine}): storing ${CLUSTERS} clusters and ${MEMBERS} members`);
  const seedStarted = performance.now();
  const store = await openStore(storeOptionsFromEnv(storeEnv));
  let seeded: Awaited<ReturnType<typeof seedAnalystStore>>;
  let token: string;
  try {
    await migrateToLatest(store.db);
    seeded = await seedAnalystStore(store.db, { clusters: CLUSTERS, members: MEMBERS }, context.progress);
    // As autovacuum (or the embedded store's own timer) would after such a load.
    await refreshPlannerStatistics(store.db);
    ({ token } = await issueApiKey(new DatabaseApiKeyStore(store.db), `bench-${context.runId}`, 'reader'));
  } finally {
    // PGlite is one process's folder: the api opens it next.
    await store.close();
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  let service: ServiceUnderBench | undefined;
  try {
    service = await startServiceUnderBench({
      name: `the api (${engine})`,
      entry: 'apps/api/src/main.ts',
      kafka: { brokers: context.brokers, topicPrefix: `bench.${context.runId}.api.` },
      env: {
        ...storeEnv,
        API_HTTP_PORT: '0',
        API_MATERIALISE: 'false',
        RIPTIDE_API_KEY_RATE: '1000000',
        RIPTIDE_API_KEY_BURST: '1000000',
      },
      running: /"msg":"api running"/,
    });
    const base = `http://127.0.0.1:${service.httpPort}`;
    const headers = { authorization: `Bearer ${token}` };
    const load = (urls: string[], withKey: boolean) =>
      measureHttp(urls, {
        concurrency: CONCURRENCY,
        durationMs: DURATION_MS,
        warmUpRequests: WARM_UP_REQUESTS,
        headers: withKey ? headers : undefined,
      });
    const spread = seeded.clusterIds.filter((_, i) => i % Math.ceil(seeded.clusters / SPREAD) === 0);
    context.progress(`api (${engine}): /health`);
    const health = await load([`${base}/health`], false);
    context.progress(`api (${engine}): cluster list`);
    const list = await load([`${base}/v1/clusters?limit=50&sort=score`], true);
    context.progress(`api (${engine}): one cluster`);
    const detail = await load(
      spread.map((id) => `${base}/v1/clusters/${id}`),
      true,
    );
    context.progress(`api (${engine}): cluster graphs`);
    const graph = await load(
      spread.map((id) => `${base}/v1/clusters/${id}/graph?format=json`),
      true,
    );
    const relative = (run: HttpLoadResult) => ({
      ...run,
      ratio_to_health: roundTo(run.per_s / health.per_s, 3),
    });
    return {
      health,
      list: relative(list),
      detail: relative(detail),
      graph: relative(graph),
      seed_seconds: roundTo(seedSeconds, 1),
      evidence_edges: seeded.evidenceEdges,
    };
  } finally {
    await service?.stop();
  }
}

/** On a throwaway database of the PostgreSQL server (DATABASE_URL, else the local one), dropped after. */
async function measureOnScratchPostgres(context: BenchContext): Promise<EngineRun> {
  const { scratchPostgresDatabase } = await import('@riptide/store');
  const database = await scratchPostgresDatabase('riptide_bench_api');
  try {
    return await measureEngine(context, 'postgres', { DATABASE_URL: database.url });
  } finally {
    await database.drop();
  }
}
