import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeAppRoot } from './app-root';
import { DEPLOYABLE_PROJECT, ownedOutputs, ownerOf, PROJECT_ENTRIES } from './deployable';
import { buildImportGraph } from './import-graph';
import { devDependenciesAtStart, devDependenciesLater } from './production-dependencies';
import { swcOptionsFor } from './swc-options';

const ROOT = resolve(__dirname, '../..');
const OUT_ROOT = resolve(ROOT, 'dist/riptide');

/**
 * `node tools/build/build-dist.cjs --project apps/<app>`: compiles the project's modules reachable from
 * the entry points to plain JavaScript under dist/riptide, mirroring the source tree (see deployable.ts
 * for who emits what). The Nx `build` target of each app runs it; `npm run build` runs them all.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { project: { type: 'string' } } });
  const project = values.project ?? '';
  if (!(project in PROJECT_ENTRIES))
    throw new Error(`--project must be one of ${Object.keys(PROJECT_ENTRIES).join(', ')}, got "${project}"`);
  const started = performance.now();
  const deployable = project === DEPLOYABLE_PROJECT;
  // The deployable starts from every entry (serve reaches every app, the worker thread is reached by path);
  // an app stops at its own folder: libraries never import apps, so nothing of its own lies beyond.
  const entries = deployable ? Object.values(PROJECT_ENTRIES).flat() : PROJECT_ENTRIES[project];
  const graph = await buildImportGraph(
    entries,
    swcOptionsFor(ROOT),
    (file) => deployable || ownerOf(ROOT, file) === project,
    outFileOf,
  );
  const atStart = devDependenciesAtStart(graph, ROOT);
  if (atStart.length > 0)
    throw new Error(
      `packages required at start that are not production dependencies (the image has no others): ${atStart.join('; ')}. ` +
        'Move them to "dependencies", or import them inside the function that needs them.',
    );

  for (const owned of ownedOutputs(project)) rmSync(join(OUT_ROOT, owned), { recursive: true, force: true });
  let files = 0;
  let bytes = 0;
  for (const [source, module] of graph.modules) {
    if (ownerOf(ROOT, source) !== project) continue;
    const out = outFileOf(source);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, module.code);
    writeFileSync(`${out}.map`, module.map);
    files += 1;
    bytes += Buffer.byteLength(module.code);
  }
  const extras = deployable ? writeAppRoot(ROOT, OUT_ROOT) : [];
  const seconds = (performance.now() - started) / 1000;
  const lazily = devDependenciesLater(graph, ROOT);
  process.stderr.write(
    `build ${project}: ${files} modules, ${(bytes / 1024).toFixed(0)} KiB of JavaScript (+ source maps), ` +
      `${graph.modules.size} compiled to find them, in ${seconds.toFixed(2)} s -> ${relative(ROOT, OUT_ROOT)}/{${ownedOutputs(project).join(',')}}` +
      (extras.length > 0 ? `; app root: ${extras.join(', ')}` : '') +
      (lazily.length > 0
        ? `\n  devDependencies loaded only by commands that need a checkout: ${lazily.join(', ')}`
        : '') +
      '\n',
  );
}

function outFileOf(sourceFile: string): string {
  return join(OUT_ROOT, relative(ROOT, sourceFile)).replace(/\.ts$/, '.js');
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
