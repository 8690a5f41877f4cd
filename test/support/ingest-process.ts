import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface IngestProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resident memory now, from /proc (Linux). */
  rssBytes(): number;
  stop(): Promise<void>;
}

/** Runs apps/ingest as its own process (so its memory is its own), and waits until it listens. */
export async function startIngestProcess(env: Record<string, string>): Promise<IngestProcess> {
  const root = resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ingest/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      SWC_NODE_PROJECT: resolve(root, 'tsconfig.json'),
      INGEST_PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let port: number | undefined;
  for (let waited = 0; port === undefined && waited < 60_000; waited += 100) {
    if (child.exitCode !== null) throw new Error(`ingest exited with ${child.exitCode}:\n${output}`);
    const line = output.split('\n').find((text) => text.includes('"ingest listening"'));
    if (line) port = JSON.parse(line).port;
    else await sleep(100);
  }
  if (port === undefined) throw new Error(`ingest did not start within 60 s:\n${output}`);
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    rssBytes: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}
