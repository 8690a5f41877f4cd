import type { KafkaConnection } from '@riptide/stream';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImportGraph } from '../tools/build/import-graph';
import { devDependenciesAtStart, devDependenciesLater } from '../tools/build/production-dependencies';
import { swcOptionsFor } from '../tools/build/swc-options';
import { isolatedKafka } from './support/kafka-test-env';

const ROOT = resolve(__dirname, '..');
const APP_ROOT = resolve(ROOT, 'dist/riptide');
const MAIN = resolve(APP_ROOT, 'apps/cli/src/main.js');

/**
 * `npm run build`, then the build run by plain node from its app root (as the image runs it): the
 * scorer reaches /ready against the real broker with no TypeScript loader in the process, and SIGTERM
 * closes it cleanly with exit code 0.
 */
describe('the production build', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  let scratch: string;

  beforeAll(async () => {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    kafka = await isolatedKafka('serve-dist');
    scratch = mkdtempSync(join(tmpdir(), 'riptide-serve-dist-'));
  }, 180_000);

  afterAll(async () => {
    await kafka?.cleanup();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('holds the entry points compiled, no spec files or test helpers, and is an app root', () => {
    expect(existsSync(MAIN)).toBe(true);
    expect(existsSync(resolve(APP_ROOT, 'apps/scorer/src/threads/scoring-thread.js'))).toBe(true);
    expect(existsSync(resolve(APP_ROOT, 'apps/scorer/src/main.js.map'))).toBe(true);
    // Only the scorer's specs import it.
    expect(existsSync(resolve(ROOT, 'apps/scorer/src/scoring/fake-classifier.ts'))).toBe(true);
    expect(existsSync(resolve(APP_ROOT, 'apps/scorer/src/scoring/fake-classifier.js'))).toBe(false);
    const listing = spawnSync('find', [APP_ROOT, '-name', '*.spec.js', '-o', '-name', '*.ts'], {
      encoding: 'utf8',
    });
    expect(listing.stdout.trim()).toBe('');
    const manifest = JSON.parse(readFileSync(resolve(APP_ROOT, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({ name: 'riptide', type: 'commonjs', engines: { node: '>=24 <25' } });
    // The aliases are relative requires: nothing asks Node for a @riptide package.
    const main = readFileSync(resolve(APP_ROOT, 'apps/scorer/src/main.js'), 'utf8');
    expect(main).toContain('require("../../../libs/observability/src")');
    expect(main).not.toContain('@riptide/');
  });

  it('tells a devDependency required at start, even through another module, from one required only later', async () => {
    const fixture = join(scratch, 'fixture');
    mkdirSync(fixture);
    writeFileSync(join(fixture, 'package.json'), JSON.stringify({ dependencies: { kafkajs: '*' } }));
    writeFileSync(
      join(fixture, 'entry.ts'),
      "import { Kafka } from 'kafkajs';\nimport { helper } from './helper';\n" +
        "export const all = [Kafka, helper, async () => (await import('./command')).run];\n",
    );
    writeFileSync(join(fixture, 'helper.ts'), "import 'esbuild';\nexport const helper = 1;\n");
    // Loaded by an import() only: what it requires at its own top level waits for that call.
    writeFileSync(join(fixture, 'command.ts'), "import { parse } from 'yaml';\nexport const run = parse;\n");
    const graph = await buildImportGraph(
      [join(fixture, 'entry.ts')],
      swcOptionsFor(ROOT),
      () => true,
      (file) => file.replace(/\.ts$/, '.js'),
    );
    expect([...graph.modules.keys()].map((file) => file.slice(fixture.length + 1)).sort()).toEqual([
      'command.ts',
      'entry.ts',
      'helper.ts',
    ]);
    expect(devDependenciesAtStart(graph, fixture)).toEqual(['esbuild (required at start by helper.ts)']);
    expect(devDependenciesLater(graph, fixture)).toEqual(['yaml']);
  });

  it('serves the scorer with node alone until SIGTERM, then closes it and exits 0', async () => {
    const probe = join(scratch, 'loader-probe.cjs');
    // Runs inside the served process: on its way out it says which loaders it had.
    writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write('loaders ' + JSON.stringify({ ts: '.ts' in require.extensions, swc: Object.keys(require.cache).filter((path) => path.includes('@swc')) }) + '\\n'));\n",
    );
    const runDir = join(scratch, 'run');
    const served = runDist(['--require', probe, MAIN, 'serve', 'scorer'], {
      RIPTIDE_TOPIC_PREFIX: kafka.connection.topicPrefix,
      SCORER_PORT: '0',
      RIPTIDE_RUN_DIR: runDir,
    });
    const portFile = join(runDir, 'riptide-scorer.port');
    const port = await until(() => existsSync(portFile) && Number(readFileSync(portFile, 'utf8')), served);
    expect(await until(async () => (await fetch(`http://127.0.0.1:${port}/ready`)).ok, served)).toBe(true);

    const health = spawnSync(process.execPath, [MAIN, 'healthcheck'], {
      env: { ...withoutLoaders(), RIPTIDE_RUN_DIR: runDir },
      encoding: 'utf8',
    });
    expect(health.status).toBe(0);
    expect(health.stdout).toContain(`healthy: scorer at http://127.0.0.1:${port}/health answered 200`);

    served.child.kill('SIGTERM');
    const { code } = await served.exited;
    expect(code).toBe(0);
    expect(served.output()).toMatch(/"msg":"scorer stopped"/);
    expect(served.output()).toContain('loaders {"ts":false,"swc":[]}');
    expect(existsSync(portFile)).toBe(false);
  });

  it('refuses an unknown role, and a COORDINATION_ROLE that contradicts the role, with exit code 2', async () => {
    const unknown = runDist([MAIN, 'serve', 'scorers'], {});
    expect((await unknown.exited).code).toBe(2);
    expect(unknown.output()).toContain(
      'unknown role "scorers"; the roles are ingest, scorer, coordination-detect, coordination-cluster, coordination, opinion, api',
    );
    const conflicting = runDist([MAIN, 'serve', 'coordination-detect'], {
      COORDINATION_ROLE: 'cluster',
      RIPTIDE_TOPIC_PREFIX: kafka.connection.topicPrefix,
    });
    expect((await conflicting.exited).code).toBe(2);
    expect(conflicting.output()).toContain(
      'COORDINATION_ROLE=cluster conflicts with the role being served (detect): unset it, the serve role sets it',
    );
  });
});

/** The environment without anything that would load TypeScript into a child. */
function withoutLoaders(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.SWC_NODE_PROJECT;
  return env;
}

interface Served {
  readonly child: ReturnType<typeof spawn>;
  readonly exited: Promise<{ code: number | null }>;
  output(): string;
}

/** Runs node on the build from the app root, as the image's WORKDIR /app. */
function runDist(args: string[], env: Record<string, string>): Served {
  const child = spawn(process.execPath, args, {
    cwd: APP_ROOT,
    env: { ...withoutLoaders(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null }>((done) => child.once('exit', (code) => done({ code })));
  return { child, exited, output: () => output };
}

/** Polls until `check` gives a truthy value; fails with the process's output if it exits or 40 s pass. */
async function until<T>(check: () => T | Promise<T>, served: Served): Promise<T> {
  const deadline = Date.now() + 40_000;
  while (Date.now() < deadline) {
    if (served.child.exitCode !== null)
      throw new Error(`exited with ${served.child.exitCode}:\n${served.output()}`);
    const value = await Promise.resolve()
      .then(check)
      .catch(() => undefined);
    if (value) return value;
    await sleep(200);
  }
  throw new Error(`not ready within 40 s:\n${served.output()}`);
}
