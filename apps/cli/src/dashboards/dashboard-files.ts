import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { coordinatedSpreadDashboard } from './coordinated-spread.dashboard';
import { opinionShiftDashboard } from './opinion-shift.dashboard';
import { pipelineHealthDashboard } from './pipeline-health.dashboard';

/** Where the committed dashboards live; Grafana's provisioning reads this folder. */
export const DASHBOARDS_DIR = resolve(__dirname, '../../../../deploy/grafana/dashboards');

const DASHBOARDS = [
  { file: 'opinion-shift.json', build: opinionShiftDashboard },
  { file: 'coordinated-spread.json', build: coordinatedSpreadDashboard },
  { file: 'pipeline-health.json', build: pipelineHealthDashboard },
] as const;

/**
 * Every dashboard's JSON as the repository commits it: formatted by Prettier with the repository's
 * settings for that path, so that `npm run format:check` and the generator agree byte for byte.
 */
export async function renderDashboards(dir: string): Promise<Map<string, string>> {
  const prettier = await import('prettier');
  const rendered = new Map<string, string>();
  for (const { file, build } of DASHBOARDS) {
    const path = join(dir, file);
    const options = (await prettier.resolveConfig(path)) ?? {};
    rendered.set(
      file,
      await prettier.format(JSON.stringify(build().build()), { ...options, filepath: path }),
    );
  }
  return rendered;
}

/** Writes every dashboard into `dir`; returns the file names written. */
export async function writeDashboards(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const rendered = await renderDashboards(dir);
  for (const [file, json] of rendered) await writeFile(join(dir, file), json);
  return [...rendered.keys()];
}

/** The dashboard files in `dir` that are missing or differ from what the code generates. */
export async function staleDashboards(dir: string): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, json] of await renderDashboards(dir)) {
    const committed = await readFile(join(dir, file), 'utf8').catch(() => undefined);
    if (committed !== json) stale.push(file);
  }
  return stale;
}
