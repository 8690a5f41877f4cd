import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '../cli-error';
import type { RoleName } from '../serve/serve-roles';

const REPO = resolve(__dirname, '../../../..');
/** Where the demo reads the coordination service's /metrics (late and overflow drops). */
export const SCORER_PORT = 8082;
export const COORDINATION_PORT = 8083;
export const OPINION_PORT = 8084;

export interface DemoService {
  readonly name: string;
  /** The `riptide serve` role it runs: the demo starts services through the deployment's one entry point. */
  readonly role: RoleName;
  readonly port: number;
  readonly env: Record<string, string>;
}

/**
 * The services the demo runs, each as its own process, as a deployment would. The demo sends its whole
 * simulated stream in seconds, so the scorer's partitions reach each partition of `shares` in whatever
 * order they are consumed: a share can be as far behind its partition's watermark as the stream's whole
 * event-time span (7,818 s measured with a 9,779 s span). A lateness shorter than the span makes the
 * detector drop most shares as late; `latenessSeconds` must cover the span.
 */
export function demoServices(options: {
  readonly latenessSeconds: number;
  readonly opinionLatenessSeconds: number;
}): readonly DemoService[] {
  return [
    { name: 'ingest', role: 'ingest', port: 8081, env: { INGEST_PORT: '8081' } },
    {
      name: 'scorer',
      role: 'scorer',
      port: SCORER_PORT,
      // The opinion stream reuses a few dozen validation tweets verbatim, all with the topic's hashtag:
      // co-text and co-hashtag signals would rightly link its thousands of simulated accounts. The
      // campaigns of the coordination stream are reposts, found by co-post.
      env: { SCORER_PORT: String(SCORER_PORT), SCORER_SHARE_KINDS: 'post,url,domain,media' },
    },
    {
      name: 'coordination',
      // Detect and cluster in one process: the demo's stream is small.
      role: 'coordination',
      port: COORDINATION_PORT,
      env: {
        COORDINATION_HTTP_PORT: String(COORDINATION_PORT),
        COORDINATION_LATENESS_S: String(Math.ceil(options.latenessSeconds)),
      },
    },
    {
      // The same holds for stance observations: buckets close once the stream has been quiet for 3 s.
      name: 'opinion',
      role: 'opinion',
      port: OPINION_PORT,
      env: {
        OPINION_HTTP_PORT: String(OPINION_PORT),
        OPINION_LATENESS_S: String(Math.ceil(options.opinionLatenessSeconds)),
        OPINION_QUIET_CLOSE_S: '3',
      },
    },
  ];
}

export interface RunningService {
  readonly service: DemoService;
  readonly process: ChildProcess;
}

/**
 * Starts a service as `riptide serve <role>` with the same Node and TypeScript loader as this command,
 * and waits for `/ready`.
 */
export async function startService(
  service: DemoService,
  log: (line: string) => void,
): Promise<RunningService> {
  const cli = resolve(REPO, 'apps/cli/src/main.ts');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', cli, 'serve', service.role], {
    cwd: REPO,
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...service.env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new CliError(
        `${service.name} exited with code ${child.exitCode} while starting (see its log above)`,
      );
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/ready`);
      if (response.ok) {
        log(`${service.name} ready on http://127.0.0.1:${service.port} (/metrics, /health, /ready)`);
        return { service, process: child };
      }
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  child.kill('SIGTERM');
  throw new CliError(`${service.name} was not ready on port ${service.port} within 120 s`);
}

/** SIGTERM: each service finishes its batch, commits and leaves its group. */
export async function stopServices(running: readonly RunningService[]): Promise<void> {
  await Promise.all(
    running.map(async ({ process: child }) => {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000).then(() => child.kill('SIGKILL'))]);
    }),
  );
}
