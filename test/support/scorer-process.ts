import type { KafkaConnection } from '@riptide/stream';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs apps/scorer as its own process on the test's topics until it logs that it consumes, then
 * sends SIGTERM and returns how it ended with everything it wrote (stdout and stderr).
 */
export async function runScorerUntilSigterm(
  connection: KafkaConnection,
  env: Record<string, string>,
): Promise<{ started: boolean; code: number | null; signal: NodeJS.Signals | null; output: string }> {
  const root = resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/scorer/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      SWC_NODE_PROJECT: resolve(root, 'tsconfig.json'),
      RIPTIDE_TOPIC_PREFIX: connection.topicPrefix,
      SCORER_PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  for (let waited = 0; !output.includes('scorer consuming posts.raw') && waited < 30_000; waited += 100)
    await sleep(100);
  const started = output.includes('scorer consuming posts.raw');
  child.kill('SIGTERM');
  return { started, ...(await exited), output };
}
