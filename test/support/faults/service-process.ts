import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const REPO = resolve(__dirname, '../../..');

export interface ServiceSpec {
  /** Unique per process of the test: names the log file. */
  readonly name: string;
  /** TypeScript entry, relative to the repository. */
  readonly entry: string;
  /** The variable that sets the HTTP port of /health, /ready and /metrics. */
  readonly portVariable: string;
  readonly env: Record<string, string>;
}

export interface ReadyAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * One Riptide service as a real process, as a deployment runs it (Node with the TypeScript loader the
 * CLI uses), its output in `<logDir>/<name>.log`. `kill` sends any signal (SIGKILL for a crash);
 * `start` again restarts it on the same port.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private log?: WriteStream;
  private exited?: Promise<number | null>;

  private constructor(
    readonly spec: ServiceSpec,
    readonly port: number,
    private readonly logDir: string,
  ) {}

  static async create(spec: ServiceSpec, logDir: string): Promise<ServiceProcess> {
    return new ServiceProcess(spec, await freePort(), logDir);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get logFile(): string {
    return join(this.logDir, `${this.spec.name}.log`);
  }

  /** Starts the process and waits until `/ready` answers 200. */
  async start(timeoutMs = 120_000): Promise<void> {
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['-r', '@swc-node/register', this.spec.entry], {
      cwd: REPO,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: resolve(REPO, 'tsconfig.json'),
        LOG_LEVEL: 'info',
        ...this.spec.env,
        [this.spec.portVariable]: String(this.port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    await this.waitUntilReady(timeoutMs);
  }

  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running)
        throw new Error(`${this.spec.name} exited with ${this.child?.exitCode} (see ${this.logFile})`);
      if ((await this.ready()).status === 200) return;
      await sleep(250);
    }
    throw new Error(`${this.spec.name} was not ready within ${timeoutMs} ms (see ${this.logFile})`);
  }

  /** `/ready`'s status and body; status 0 when nothing answers. */
  async ready(): Promise<ReadyAnswer> {
    try {
      const response = await fetch(`${this.url}/ready`, { signal: AbortSignal.timeout(2_000) });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      return { status: 0, body: (error as Error).message };
    }
  }

  async metrics(): Promise<string> {
    const response = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(5_000) });
    return response.text();
  }

  /** Sends `signal` and waits for the process to end; resolves with its exit code (null after a signal). */
  async kill(signal: NodeJS.Signals): Promise<number | null> {
    if (!this.running) return this.child?.exitCode ?? null;
    this.child!.kill(signal);
    const code = await Promise.race([this.exited!, sleep(40_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      this.child!.kill('SIGKILL');
      return this.exited!;
    }
    return code;
  }
}

/** A port nothing listens on now (the OS picks it; the service binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
