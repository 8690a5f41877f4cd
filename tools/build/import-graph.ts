import type { Options } from '@swc/core';
import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { compileModule, type CompiledModule } from './compile-module';

/** The modules reachable from the entries, compiled, and the packages they require. */
export interface ImportGraph {
  /** Source file (absolute) to its compiled module. */
  readonly modules: ReadonlyMap<string, CompiledModule>;
  /**
   * Package name to the source files that require it when the process starts: from a module that
   * loads with an entry (required outside any function, all the way from the entry).
   */
  readonly packagesAtStart: ReadonlyMap<string, readonly string[]>;
  /** Packages required only once some function runs (an `import()` in a command, say). */
  readonly packagesLater: ReadonlySet<string>;
}

interface Edge {
  /** A source file, or a package name. */
  readonly target: string;
  readonly isPackage: boolean;
  readonly lazy: boolean;
}

/**
 * Compiles the entries and every module they require, following relative requires (the `@riptide/*`
 * aliases are relative by then) and compiled `import()`s, but only into files `follow` accepts. Spec
 * files and test helpers are never reached from an entry, so they are never built.
 */
export async function buildImportGraph(
  entries: readonly string[],
  options: Options,
  follow: (sourceFile: string) => boolean,
  outFileOf: (sourceFile: string) => string,
): Promise<ImportGraph> {
  const modules = new Map<string, CompiledModule>();
  const edges = new Map<string, Edge[]>();
  let frontier = [...new Set(entries.map((entry) => resolve(entry)))];
  while (frontier.length > 0) {
    // One wave at a time: swc compiles a wave's files in parallel on its own threads.
    const wave = frontier;
    const compiled = await Promise.all(wave.map((file) => compileModule(file, outFileOf(file), options)));
    const next = new Set<string>();
    wave.forEach((file, index) => {
      modules.set(file, compiled[index]);
      const out: Edge[] = [];
      for (const { specifier, lazy } of compiled[index].requires) {
        if (specifier.startsWith('.'))
          out.push({ target: resolveSource(file, specifier), isPackage: false, lazy });
        else if (!isBuiltin(specifier)) out.push({ target: packageName(specifier), isPackage: true, lazy });
      }
      edges.set(file, out);
      for (const edge of out)
        if (
          !edge.isPackage &&
          follow(edge.target) &&
          !modules.has(edge.target) &&
          !wave.includes(edge.target)
        )
          next.add(edge.target);
    });
    frontier = [...next];
  }
  return {
    modules,
    ...packagesByWhen(
      entries.map((entry) => resolve(entry)),
      edges,
    ),
  };
}

/** Walks the requires made at load from the entries: their packages are needed to start. */
function packagesByWhen(entries: string[], edges: ReadonlyMap<string, Edge[]>) {
  const packagesAtStart = new Map<string, string[]>();
  const loaded = new Set(entries);
  const queue = [...entries];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const edge of edges.get(file) ?? []) {
      if (edge.lazy) continue;
      if (edge.isPackage) {
        const files = packagesAtStart.get(edge.target) ?? [];
        if (!files.includes(file)) packagesAtStart.set(edge.target, [...files, file]);
      } else if (!loaded.has(edge.target)) {
        loaded.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  const packagesLater = new Set(
    [...edges.values()].flat().filter((edge) => edge.isPackage && !packagesAtStart.has(edge.target)),
  );
  return { packagesAtStart, packagesLater: new Set([...packagesLater].map((edge) => edge.target)) };
}

/** `./x` from a module: x.ts, or x/index.ts (an alias names a library's folder). */
function resolveSource(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  const candidate = [base, `${base}.ts`, join(base, 'index.ts')].find(
    (path) => path.endsWith('.ts') && existsSync(path),
  );
  if (candidate === undefined)
    throw new Error(
      `${relative(process.cwd(), fromFile)}: require("${specifier}") is no TypeScript module (tried ${relative(process.cwd(), base)}.ts and ${relative(process.cwd(), base)}/index.ts)`,
    );
  return candidate;
}

/** `@scope/name/deep` -> `@scope/name`; `name/deep` -> `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
