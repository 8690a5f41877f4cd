import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ConfigError } from '@riptide/observability';

/**
 * PGlite is PostgreSQL in one process, without PostgreSQL's own lock on its data folder: a second
 * process (or a second instance in the same one) opening the folder would corrupt it. `<dir>.lock`
 * holds the owner's pid; a lock whose process is gone (killed) is taken over. Returns the release.
 */
export function lockFolder(dir: string): () => void {
  const path = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(owner) && isAlive(owner))
        throw new ConfigError(
          `RIPTIDE_PGLITE_DIR: ${dir} is open in process ${owner}${owner === process.pid ? ' (this one)' : ''}; ` +
            'PGlite serves one process at a time: stop it first, or use PostgreSQL (DATABASE_URL)',
        );
      rmSync(path, { force: true });
    }
  }
  throw new ConfigError(`RIPTIDE_PGLITE_DIR: cannot lock ${dir} (${path} keeps coming back)`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
