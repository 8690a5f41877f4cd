import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * Folders the code finds at the repository root (`resolve(__dirname, '../../../..')`): linked into the
 * output root so that `node dist/riptide/apps/cli/src/main.js` runs in a checkout as the sources do.
 * The image copies the real folders instead. `.local` holds the fetched sentence encoders.
 */
const LINKED_FOLDERS = ['models', 'config', '.local'] as const;

/** Makes the output root an app root: a package.json of its own and the resource folders. */
export function writeAppRoot(root: string, outRoot: string): string[] {
  const source = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const manifest = {
    name: source.name,
    version: source.version,
    description: source.description,
    license: source.license,
    private: true,
    type: 'commonjs',
    engines: source.engines,
    bin: { riptide: 'apps/cli/src/main.js' },
    dependencies: source.dependencies,
  };
  mkdirSync(outRoot, { recursive: true });
  writeFileSync(join(outRoot, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const folder of LINKED_FOLDERS) {
    const link = join(outRoot, folder);
    rmSync(link, { recursive: true, force: true });
    symlinkSync(relative(outRoot, resolve(root, folder)), link);
  }
  return ['package.json', ...LINKED_FOLDERS];
}
