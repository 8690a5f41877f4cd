import { PGLITE_MEMORY } from '@riptide/store';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfigFromEnv } from '../api-config';
import { startApi, type ApiService } from '../main';

// The api serving only (no materialisers, so no broker), over an in-memory store, with a console folder
// the test fills and empties.
describe('the console under /console/', () => {
  let api: ApiService;
  let dir: string;
  const get = (path: string) => fetch(`http://127.0.0.1:${api.httpPort}${path}`, { redirect: 'manual' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riptide-console-'));
    api = await startApi(
      apiConfigFromEnv({
        API_HTTP_PORT: '0',
        API_MATERIALISE: 'false',
        RIPTIDE_PGLITE_DIR: PGLITE_MEMORY,
        API_CONSOLE_DIR: dir,
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 naming the build command while the folder has no index.html', async () => {
    const answer = await get('/console/');
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({
      error: 'console_not_built',
      message: expect.stringContaining('riptide console build'),
    });
  });

  it('serves the build without a key, sends / and /console to /console/, and nothing outside the folder', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1);');
    writeFileSync(join(dir, '.secret'), 'no');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    const index = await get('/console/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await index.text()).toContain('<title>console</title>');
    const script = await get('/console/app.js');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await get('/')).headers.get('location')).toBe('/console/');
    expect((await get('/console')).headers.get('location')).toBe('/console/');
    for (const path of [
      '/console/.secret',
      '/console/missing.js',
      '/console/..%2Fapi-config.ts',
      '/console/sub',
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(((await answer.json()) as { error: string }).error, path).toBe('not_found');
    }
  });
});
