import type { BenchContext, BenchStage, BenchStageResult } from '../bench-stage';
import { measureHttp, type HttpLoadResult } from '../http-load';
import { roundTo } from '../round-to';
import type { SeededStore } from '../seed-analyst-store';
import { startServiceUnderBench, type ServiceUnderBench } from '../service-under-bench';

const CLUSTERS = 10_000;
const MEMBERS = 200_000;
const CONCURRENCY = 16;
const DURATION_MS = 3_000;
/** Each route is measured in rounds, each right after /health, and the round with the median ratio kept. */
const ROUNDS = 3;
const WARM_UP_REQUESTS = 200;
/** Detail and graph requests go round-robin over this many clusters, so no single row stays hot. */
const SPREAD = 500;

export const apiStage: BenchStage = {
  name: 'api',
  description:
    `the analyst api as its own process over a store of ${CLUSTERS.toLocaleString('en')} clusters and ` +
    `${MEMBERS.toLocaleString('en')} member rows (with their evidence edges): requests/s and latency of the cluster ` +
    `list, one cluster (${SPREAD} different ones) and its graph at ${CONCURRENCY} requests in flight, beside the same ` +
    'server’s /health; on PostgreSQL with the response cache (as deployed) and without it (every request to the ' +
    'database), and on PGlite; per_s = cluster list requests/s on PostgreSQL as deployed',
  needsBroker: false,
  run: measureApi,
};

/** A route's load right after /health's, in the round whose ratio is the median of ROUNDS. */
interface PairedRun extends HttpLoadResult {
  readonly ratio_to_health: number;
  readonly health_per_s: number;
  /** Every round's ratio, to show the spread. */
  readonly ratios: number[];
}

interface ServedRun {
  readonly list: PairedRun;
  readonly detail: PairedRun;
  readonly graph: PairedRun;
}

interface SeededEngine {
  readonly seeded: SeededStore;
  readonly token: string;
  readonly seedSeconds: number;
}

async function measureApi(context: BenchContext): Promise<BenchStageResult> {
  // Without a PostgreSQL server the stage still measures PGlite, and says why PostgreSQL is missing.
  const postgres = await measurePostgres(context).catch((error: Error) => ({
    skipped: `PostgreSQL: ${error.message}`,
  }));
  const pglite = await measurePglite(context);
  return {
    per_s: 'cached' in postgres ? postgres.cached.list.per_s : pglite.cached.list.per_s,
    engine: 'cached' in postgres ? 'postgres' : 'pglite',
    clusters: CLUSTERS,
    members: MEMBERS,
    concurrency: CONCURRENCY,
    seconds_per_measure: DURATION_MS / 1000,
    postgres,
    pglite,
  };
}

/** On a scratch database of the PostgreSQL server (DATABASE_URL, else the local one), with and without the cache. */
async function measurePostgres(context: BenchContext) {
  const { scratchPostgresDatabase } = await import('@riptide/store');
  const database = await scratchPostgresDatabase('riptide_bench_api');
  try {
    const env = { DATABASE_URL: database.url };
    const engine = await seedEngine(context, 'postgres', env);
    return {
      cached: await serve(context, 'postgres', env, engine, true),
      uncached: await serve(context, 'postgres (no response cache)', env, engine, false),
      seed_seconds: engine.seedSeconds,
      evidence_edges: engine.seeded.evidenceEdges,
    };
  } finally {
    await database.drop();
  }
}

/** On PGlite in a temporary folder, with the cache. */
async function measurePglite(context: BenchContext) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const pgliteDir = mkdtempSync(join(tmpdir(), 'riptide-bench-pglite-'));
  try {
    const env = { DATABASE_URL: '', RIPTIDE_PGLITE_DIR: pgliteDir };
    const engine = await seedEngine(context, 'pglite', env);
    return { cached: await serve(context, 'pglite', env, engine, true), seed_seconds: engine.seedSeconds };
  } finally {
    rmSync(pgliteDir, { recursive: true, force: true });
  }
}

/** Fills a store on one engine as autovacuum would leave it (statistics fresh) and issues a reader key. */
async function seedEngine(
  context: BenchContext,
  engine: string,
  storeEnv: Record<string, string>,
): Promise<SeededEngine> {
  const { DatabaseApiKeyStore, migrateToLatest, openStore, refreshPlannerStatistics, storeOptionsFromEnv } =
    await import('@riptide/store');
  const { issueApiKey } = await import('@riptide/auth');
  const { seedAnalystStore } = await import('../seed-analyst-store');
  context.progress(`api (${engine}): storing ${CLUSTERS} clusters and ${MEMBERS} members`);
  const started = performance.now();
  const store = await openStore(storeOptionsFromEnv(storeEnv));
  try {
    await migrateToLatest(store.db);
    const seeded = await seedAnalystStore(
      store.db,
      { clusters: CLUSTERS, members: MEMBERS },
      context.progress,
    );
    await refreshPlannerStatistics(store.db);
    const { token } = await issueApiKey(
      new DatabaseApiKeyStore(store.db),
      `bench-${context.runId}`,
      'reader',
    );
    return { seeded, token, seedSeconds: roundTo((performance.now() - started) / 1000, 1) };
  } finally {
    // PGlite is one process's folder: the api opens it next.
    await store.close();
  }
}

/** Starts the api over a seeded store (no materialisers) and loads /health and then each route in turn. */
async function serve(
  context: BenchContext,
  label: string,
  storeEnv: Record<string, string>,
  { seeded, token }: SeededEngine,
  responseCache: boolean,
): Promise<ServedRun> {
  let service: ServiceUnderBench | undefined;
  try {
    service = await startServiceUnderBench({
      name: `the api (${label})`,
      entry: 'apps/api/src/main.ts',
      kafka: { brokers: context.brokers, topicPrefix: `bench.${context.runId}.api.` },
      env: {
        ...storeEnv,
        API_HTTP_PORT: '0',
        API_MATERIALISE: 'false',
        API_RESPONSE_CACHE_MB: responseCache ? '64' : '0',
        // The bench measures the server, not the per-key limit.
        RIPTIDE_API_KEY_RATE: '1000000',
        RIPTIDE_API_KEY_BURST: '1000000',
      },
      running: /"msg":"api running"/,
    });
    const base = `http://127.0.0.1:${service.httpPort}`;
    const load = (urls: string[], headers?: Record<string, string>): Promise<HttpLoadResult> =>
      measureHttp(urls, {
        concurrency: CONCURRENCY,
        durationMs: DURATION_MS,
        warmUpRequests: WARM_UP_REQUESTS,
        headers,
      });
    const withKey = { authorization: `Bearer ${token}` };
    const step = Math.ceil(seeded.clusters / SPREAD);
    const spread = seeded.clusterIds.filter((_, i) => i % step === 0);
    // The machine is noisy: each round pairs the route with /health measured just before it.
    const paired = async (route: string, urls: string[]): Promise<PairedRun> => {
      const rounds: PairedRun[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        context.progress(`api (${label}): ${route}, round ${round} of ${ROUNDS}`);
        const health = await load([`${base}/health`]);
        const run = await load(urls, withKey);
        rounds.push({
          ...run,
          health_per_s: health.per_s,
          ratio_to_health: roundTo(run.per_s / health.per_s, 3),
          ratios: [],
        });
      }
      const ratios = rounds.map((run) => run.ratio_to_health);
      const median = [...rounds].sort((a, b) => a.ratio_to_health - b.ratio_to_health)[
        Math.floor(ROUNDS / 2)
      ];
      return { ...median, ratios };
    };
    return {
      list: await paired('cluster list', [`${base}/v1/clusters?limit=50&sort=score`]),
      detail: await paired(
        'one cluster',
        spread.map((id) => `${base}/v1/clusters/${id}`),
      ),
      graph: await paired(
        'cluster graphs',
        spread.map((id) => `${base}/v1/clusters/${id}/graph?format=json`),
      ),
    };
  } finally {
    await service?.stop();
  }
}
