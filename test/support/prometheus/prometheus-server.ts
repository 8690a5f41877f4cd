import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The repository's rule files, loaded as they are: the end-to-end tests check the rules operators run. */
const RULES_DIR = resolve(__dirname, '../../../deploy/prometheus/rules');
const PORT_ATTEMPTS = 5;
const START_TIMEOUT_MS = 30_000;

/** One series of an instant query: its labels and value. */
export interface InstantSample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

/** One series of a range query: its labels and [unix seconds, value] points. */
export interface RangeSeries {
  readonly metric: Record<string, string>;
  readonly values: readonly (readonly [number, number])[];
}

/** An alert as GET /api/v1/alerts lists it (pending or firing). */
export interface PrometheusAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly state: 'pending' | 'firing' | 'inactive';
  readonly activeAt: string;
  readonly value: string;
}

export interface PrometheusServer {
  readonly url: string;
  /** Instant query at now (or `time`); scalars come back as one sample without labels. */
  query(promql: string, time?: Date): Promise<InstantSample[]>;
  queryRange(promql: string, start: Date, end: Date, stepSeconds: number): Promise<RangeSeries[]>;
  /** The alerts of the loaded rules that are pending or firing now. */
  alerts(): Promise<PrometheusAlert[]>;
  /**
   * Metric names the server knows: those the scraped targets announce (HELP and TYPE lines, with or
   * without samples: prom-client announces a labelled counter before its first increment) and those
   * holding series (Prometheus's own `up`, recorded rules).
   */
  knownMetrics(): Promise<Set<string>>;
  /** Waits until every configured target has been scraped successfully (`up == 1`). */
  waitForTargetsUp(timeoutMs?: number): Promise<void>;
  /** Waits until the instant query returns at least one series; returns them. */
  waitForData(promql: string, timeoutMs?: number): Promise<InstantSample[]>;
  /** Everything Prometheus logged so far. */
  output(): string;
  /** Stops the server and deletes its configuration and data. */
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** Scrape job name → host:port targets. Name jobs as deploy/prometheus/prometheus.yml does: the rules use them. */
  readonly targets: Readonly<Record<string, readonly string[]>>;
  /** Scrape and rule-evaluation interval; 1 s so that tests see data within seconds. */
  readonly intervalSeconds?: number;
}

interface ApiAnswer<T> {
  readonly status: 'success' | 'error';
  readonly data: T;
  readonly error?: string;
}

/** The configuration the harness runs: the given targets at a short interval, with the repository's rules. */
function prometheusConfig(options: PrometheusOptions): string {
  const interval = `${options.intervalSeconds ?? 1}s`;
  const ruleFiles = readdirSync(RULES_DIR)
    .filter((name) => name.endsWith('.yml') && !name.endsWith('.test.yml'))
    .map((name) => join(RULES_DIR, name));
  // JSON is YAML: no YAML writer needed.
  return JSON.stringify({
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    rule_files: ruleFiles,
    scrape_configs: Object.entries(options.targets).map(([job, targets]) => ({
      job_name: job,
      static_configs: [{ targets }],
    })),
  });
}

/** A port in the dynamic range; a collision shows as Prometheus exiting, and the caller tries another. */
function randomPort(): number {
  return 49_152 + Math.floor(Math.random() * 16_000);
}

/**
 * Starts Debian's `prometheus` on a free port, scraping `targets` with the repository's recording and
 * alerting rules, in a temporary folder that `stop()` removes.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'riptide-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, prometheusConfig(options));
  try {
    for (let attempt = 1; ; attempt++) {
      const port = randomPort();
      const started = await startOn(port, configFile, join(dir, `data-${attempt}`));
      if (started.ready) return serverApi(`http://127.0.0.1:${port}`, started.child, started.output, dir);
      if (!/address already in use/.test(started.output()) || attempt === PORT_ATTEMPTS)
        throw new Error(`prometheus did not start on port ${port}:\n${started.output()}`);
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startOn(
  port: number,
  configFile: string,
  dataDir: string,
): Promise<{ ready: boolean; child: ChildProcess; output: () => string }> {
  const child = spawn(
    'prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const spawnFailed = new Promise<Error>((settle) => child.once('error', settle));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    const failure = await Promise.race([spawnFailed, sleep(200).then(() => undefined)]);
    if (failure) throw new Error(`cannot run prometheus (apt-get install prometheus): ${failure.message}`);
    const ready = await fetch(`http://127.0.0.1:${port}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { ready, child, output: () => output };
  }
  child.kill('SIGKILL');
  return { ready: false, child, output: () => output };
}

function serverApi(url: string, child: ChildProcess, output: () => string, dir: string): PrometheusServer {
  async function api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    const response = await fetch(`${url}${path}?${new URLSearchParams(params)}`);
    const answer = (await response.json()) as ApiAnswer<T>;
    if (answer.status !== 'success')
      throw new Error(`prometheus ${path} ${JSON.stringify(params)}: ${answer.error}`);
    return answer.data;
  }

  async function query(promql: string, time?: Date): Promise<InstantSample[]> {
    const params: Record<string, string> = { query: promql };
    if (time) params.time = String(time.getTime() / 1000);
    const data = await api<
      | { resultType: 'vector'; result: { metric: Record<string, string>; value: [number, string] }[] }
      | { resultType: 'scalar'; result: [number, string] }
    >('/api/v1/query', params);
    if (data.resultType === 'scalar') return [{ metric: {}, value: Number(data.result[1]) }];
    return data.result.map(({ metric, value }) => ({ metric, value: Number(value[1]) }));
  }

  async function waitUntil<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs: number,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms\n${output()}`);
      await sleep(500);
    }
  }

  return {
    url,
    query,
    async queryRange(promql, start, end, stepSeconds) {
      const data = await api<{ result: { metric: Record<string, string>; values: [number, string][] }[] }>(
        '/api/v1/query_range',
        {
          query: promql,
          start: String(start.getTime() / 1000),
          end: String(end.getTime() / 1000),
          step: String(stepSeconds),
        },
      );
      return data.result.map(({ metric, values }) => ({
        metric,
        values: values.map(([time, value]) => [time, Number(value)] as const),
      }));
    },
    async alerts() {
      return (await api<{ alerts: PrometheusAlert[] }>('/api/v1/alerts')).alerts;
    },
    async knownMetrics() {
      const [announced, stored] = await Promise.all([
        api<Record<string, unknown>>('/api/v1/metadata'),
        api<string[]>('/api/v1/label/__name__/values'),
      ]);
      return new Set([...Object.keys(announced), ...stored]);
    },
    async waitForTargetsUp(timeoutMs = 30_000) {
      await waitUntil(
        'not every target was up',
        async () => {
          const targets = await api<{
            activeTargets: { health: string; scrapeUrl: string; lastError: string }[];
          }>('/api/v1/targets');
          const active = targets.activeTargets;
          return active.length > 0 && active.every((target) => target.health === 'up') ? true : undefined;
        },
        timeoutMs,
      );
    },
    async waitForData(promql, timeoutMs = 30_000) {
      return waitUntil(
        `no data for ${promql}`,
        async () => {
          const samples = await query(promql);
          return samples.length > 0 ? samples : undefined;
        },
        timeoutMs,
      );
    },
    output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
