import { relative, sep } from 'node:path';

/**
 * The entry points of each app project: its process entry, and for the scorer the worker thread's
 * module, which scoring-threads.ts loads by path (no import leads to it).
 */
export const PROJECT_ENTRIES: Readonly<Record<string, readonly string[]>> = {
  'apps/cli': ['apps/cli/src/main.ts'],
  'apps/ingest': ['apps/ingest/src/main.ts'],
  'apps/scorer': ['apps/scorer/src/main.ts', 'apps/scorer/src/threads/scoring-thread.ts'],
  'apps/coordination': ['apps/coordination/src/main.ts'],
  'apps/opinion': ['apps/opinion/src/main.ts'],
  'apps/api': ['apps/api/src/main.ts'],
  'apps/connector': ['apps/connector/src/main.ts'],
};

/**
 * The CLI is the deployable: `riptide serve <role>` reaches every app. Its build therefore also emits
 * the libraries (they have no build of their own: they are compiled into the deployable, never
 * published); each other app's build emits its own folder.
 */
export const DEPLOYABLE_PROJECT = 'apps/cli';

/** Where a project's build writes, relative to the output root; cleaned before each build. */
export function ownedOutputs(project: string): string[] {
  return project === DEPLOYABLE_PROJECT ? [project, 'libs'] : [project];
}

/** Which project's build emits a source file (relative to the repository root). */
export function ownerOf(root: string, sourceFile: string): string | undefined {
  const [top, name] = relative(root, sourceFile).split(sep);
  if (top === 'libs') return DEPLOYABLE_PROJECT;
  return top === 'apps' && `apps/${name}` in PROJECT_ENTRIES ? `apps/${name}` : undefined;
}
