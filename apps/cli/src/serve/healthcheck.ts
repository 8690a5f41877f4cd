import { CliError } from '../cli-error';
import { readPortFiles, runDirectory } from './port-file';

export interface HealthcheckOptions {
  readonly role?: string;
  readonly port?: number;
  readonly timeoutMs: number;
}

/**
 * Asks a serving role's /health (liveness: the process answers) on 127.0.0.1; resolves with a line
 * for the person or the container runtime, or throws a CliError with exit code 1 (unhealthy).
 */
export async function checkHealth(options: HealthcheckOptions): Promise<string> {
  const { role, port } =
    options.port !== undefined ? { role: options.role, port: options.port } : servingPort(options.role);
  const url = `http://127.0.0.1:${port}/health`;
  const started = performance.now();
  let status: number;
  try {
    status = (await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) })).status;
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${options.timeoutMs} ms`
        : String((error as Error).cause ?? error);
    throw new CliError(`unhealthy: ${role ?? 'the service'} at ${url}: ${reason}`);
  }
  const ms = Math.round(performance.now() - started);
  if (status !== 200) throw new CliError(`unhealthy: ${role ?? 'the service'} at ${url} answered ${status}`);
  return `healthy: ${role ?? 'the service'} at ${url} answered 200 in ${ms} ms`;
}

function servingPort(role: string | undefined): { role: string; port: number } {
  const directory = runDirectory();
  const serving = readPortFiles(directory);
  const chosen = role === undefined ? serving : serving.filter((entry) => entry.role === role);
  if (chosen.length === 1) return chosen[0];
  if (chosen.length === 0)
    throw new CliError(
      `unhealthy: no ${role ?? 'riptide serve'} has written its port in ${directory} (RIPTIDE_RUN_DIR); not started yet, or pass --port`,
    );
  throw new CliError(
    `several roles serve from ${directory} (${chosen.map((entry) => entry.role).join(', ')}): pass --role or --port`,
    2,
  );
}
