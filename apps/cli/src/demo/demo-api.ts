import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '../cli-error';
import type { DemoService } from './demo-services';

export const API_PORT = 8085;
const REPO = resolve(__dirname, '../../../..');
/** The demo's own embedded store and console build, rebuilt on every run. */
const DEMO_STORE_DIR = resolve(REPO, '.local/demo/store');
const DEMO_CONSOLE_DIR = resolve(REPO, 'dist/console');
const SETTLE_TIMEOUT_MS = 120_000;

/**
 * The api over an embedded PGlite store of its own (no database server), materialising this run's
 * topics and serving the console. DATABASE_URL is blanked so that a server configured in the shell is
 * left alone: the demo's store is a throwaway view of a throwaway topic prefix.
 */
export function demoApiService(): DemoService {
  return {
    name: 'api',
    role: 'api',
    port: API_PORT,
    env: {
      API_HTTP_PORT: String(API_PORT),
      DATABASE_URL: '',
      RIPTIDE_PGLITE_DIR: DEMO_STORE_DIR,
      API_CONSOLE_DIR: DEMO_CONSOLE_DIR,
    },
  };
}

/**
 * Builds the console, creates the demo's store afresh and a reader key in it (before the api opens the
 * folder: PGlite serves one process), and returns the key's token.
 */
export async function prepareDemoApi(keyName: string, log: (line: string) => void): Promise<string> {
  const { buildConsole } = await import('../console/build-console');
  const { DatabaseApiKeyStore, migrateToLatest, openStore } = await import('@riptide/store');
  const { issueApiKey } = await import('@riptide/auth');
  await buildConsole(DEMO_CONSOLE_DIR);
  rmSync(DEMO_STORE_DIR, { recursive: true, force: true });
  const store = await openStore({ pgliteDir: DEMO_STORE_DIR });
  try {
    await migrateToLatest(store.db);
    const { key, token } = await issueApiKey(new DatabaseApiKeyStore(store.db), keyName, 'reader');
    log(
      `console built in ${DEMO_CONSOLE_DIR}; reader key ${key.id} created in the demo store ${DEMO_STORE_DIR}`,
    );
    return token;
  } finally {
    await store.close();
  }
}

interface ClusterPage {
  data: { cluster_id: string; size: number; status: string }[];
}

interface ClusterDetail {
  cluster_id: string;
  size: number;
  edge_count: number;
  delta_t: { median_s: number };
  objects: { object_id: string; edges: number; accounts: number; posts: number }[];
}

/**
 * Waits until the api shows as many active clusters as the cluster topic holds, then prints what an
 * analyst sees first: the largest cluster in one sentence, the shifts, and the console's address.
 */
export async function summariseAnalystView(
  activeClusters: number,
  token: string,
  log: (line: string) => void,
): Promise<void> {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${API_PORT}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok)
      throw new CliError(`the api answered ${response.status} to ${path}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let page: ClusterPage;
  for (;;) {
    page = await get<ClusterPage>('/v1/clusters?status=active&sort=size&limit=500');
    if (page.data.length >= activeClusters) break;
    if (Date.now() > deadline)
      throw new CliError(
        `the api showed ${page.data.length} of ${activeClusters} active clusters after ${SETTLE_TIMEOUT_MS / 1000} s`,
      );
    await sleep(1_000);
  }
  log('');
  log(`api: ${page.data.length} active clusters materialised`);
  const largest = page.data[0];
  if (largest !== undefined) {
    const detail = await get<ClusterDetail>(`/v1/clusters/${encodeURIComponent(largest.cluster_id)}`);
    // Evidence pairs (two posts of the same object by two members) over the objects the api lists.
    const pairs = detail.objects.reduce((sum, object) => sum + object.edges, 0);
    log(
      `  ${detail.cluster_id}: ${detail.size} accounts pushed ${detail.objects.length} objects in ${pairs} pairs of posts, a median ${detail.delta_t.median_s} s apart (${detail.edge_count} recurrent links between them)`,
    );
    for (const object of detail.objects.slice(0, 3))
      log(`    ${object.object_id}: ${object.edges} pairs of posts by ${object.accounts} accounts`);
  }
  const shifts = await get<{ data: unknown[] }>('/v1/shifts?limit=500');
  log(`api: ${shifts.data.length} opinion shifts stored`);
  log(`console: http://127.0.0.1:${API_PORT}/console/#key=${token}`);
  log(`api docs: http://127.0.0.1:${API_PORT}/docs (the same key, as "Authorization: Bearer <key>")`);
}
