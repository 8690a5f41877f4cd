import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ImportGraph } from './import-graph';

interface PackageManifest {
  readonly dependencies?: Record<string, string>;
}

/**
 * The image holds production dependencies only: a package required when a process starts that is not
 * among them would fail that start. Returns one line per such package, naming who requires it.
 */
export function devDependenciesAtStart(graph: ImportGraph, root: string): string[] {
  const production = productionDependencies(root);
  return [...graph.packagesAtStart]
    .filter(([name]) => !production.has(name))
    .map(
      ([name, files]) =>
        `${name} (required at start by ${files.map((file) => relative(root, file)).join(', ')})`,
    );
}

/** Packages only some commands load (inside a function) that are not production dependencies. */
export function devDependenciesLater(graph: ImportGraph, root: string): string[] {
  const production = productionDependencies(root);
  return [...graph.packagesLater].filter((name) => !production.has(name));
}

function productionDependencies(root: string): Set<string> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageManifest;
  return new Set(Object.keys(manifest.dependencies ?? {}));
}
