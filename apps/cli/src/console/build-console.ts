import { copyFile, mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';

const REPO = resolve(__dirname, '../../../..');
export const CONSOLE_SOURCE_DIR = resolve(REPO, 'apps/console/src');
export const DEFAULT_CONSOLE_OUT_DIR = resolve(REPO, 'dist/console');
/** Copied as they are next to the bundle: the api serves exactly these three names (and the map). */
const STATIC_FILES = ['index.html', 'app.css'];

export interface BuiltFile {
  name: string;
  bytes: number;
}

function buildOptions(outDir: string, plugins: Plugin[] = []): BuildOptions {
  return {
    entryPoints: [resolve(CONSOLE_SOURCE_DIR, 'main.ts')],
    outfile: resolve(outDir, 'app.js'),
    tsconfig: resolve(REPO, 'apps/console/tsconfig.json'),
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    platform: 'browser',
    // Browsers with WebGL2, which sigma needs anyway.
    target: ['chrome110', 'firefox110', 'safari16'],
    legalComments: 'eof',
    logLevel: 'silent',
    plugins,
  };
}

async function copyStatic(outDir: string): Promise<void> {
  for (const file of STATIC_FILES) await copyFile(resolve(CONSOLE_SOURCE_DIR, file), resolve(outDir, file));
}

async function sizes(outDir: string): Promise<BuiltFile[]> {
  const names = ['index.html', 'app.css', 'app.js', 'app.js.map'];
  return Promise.all(names.map(async (name) => ({ name, bytes: (await stat(resolve(outDir, name))).size })));
}

/**
 * Bundles the console (sigma, graphology and the layout included: nothing is fetched from a CDN) into
 * `outDir` as index.html, app.css and a minified app.js with its source map. Returns the files' sizes.
 */
export async function buildConsole(outDir = DEFAULT_CONSOLE_OUT_DIR): Promise<BuiltFile[]> {
  const { build } = await import('esbuild');
  await mkdir(outDir, { recursive: true });
  await build(buildOptions(outDir));
  await copyStatic(outDir);
  return sizes(outDir);
}

/** Rebuilds on every change of the sources (and copies the static files again) until the process ends. */
export async function watchConsole(
  outDir: string,
  onBuilt: (result: BuiltFile[] | Error) => void,
): Promise<void> {
  const { context } = await import('esbuild');
  await mkdir(outDir, { recursive: true });
  const rebuilt: Plugin = {
    name: 'riptide-console-static',
    setup(build) {
      build.onEnd(async (result) => {
        if (result.errors.length > 0) {
          onBuilt(new Error(result.errors.map((error) => error.text).join('\n')));
          return;
        }
        await copyStatic(outDir);
        onBuilt(await sizes(outDir));
      });
    },
  };
  const watcher = await context(buildOptions(outDir, [rebuilt]));
  await watcher.watch();
}
