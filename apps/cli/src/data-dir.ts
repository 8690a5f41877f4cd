import { resolve } from 'node:path';

/**
 * The data folder (TweetEval layout, coordination samples): RIPTIDE_DATA_DIR, else ../shared/data from
 * the working directory (the repository root, where npm scripts and npx run).
 */
export function defaultDataDir(): string {
  return resolve(process.env.RIPTIDE_DATA_DIR ?? '../shared/data');
}
