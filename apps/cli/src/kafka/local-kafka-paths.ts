import { resolve } from 'node:path';

/** Where the local broker keeps its jars, data, log and pid: a git-ignored folder of the checkout. */
export interface LocalKafkaPaths {
  readonly repoRoot: string;
  readonly home: string;
  readonly libs: string;
  readonly dataDir: string;
  readonly propertiesFile: string;
  readonly logFile: string;
  readonly pidFile: string;
  readonly pom: string;
  readonly log4jConfig: string;
  readonly propertiesTemplate: string;
}

/**
 * `home` defaults to `<RIPTIDE_LOCAL_DIR or .local>/kafka`; a test broker passes a folder of its own for
 * its data, log and pid, and shares the jars of the default one.
 */
export function localKafkaPaths(
  repoRoot = resolve(__dirname, '../../../..'),
  home?: string,
): LocalKafkaPaths {
  const defaultHome = resolve(process.env.RIPTIDE_LOCAL_DIR ?? resolve(repoRoot, '.local'), 'kafka');
  home ??= defaultHome;
  return {
    repoRoot,
    home,
    libs: resolve(defaultHome, 'libs'),
    dataDir: resolve(home, 'data'),
    propertiesFile: resolve(home, 'server.properties'),
    logFile: resolve(home, 'kafka.log'),
    pidFile: resolve(home, 'kafka.pid'),
    pom: resolve(repoRoot, 'deploy/kafka/pom.xml'),
    log4jConfig: resolve(repoRoot, 'deploy/kafka/log4j2.properties'),
    propertiesTemplate: resolve(repoRoot, 'deploy/kafka/server.properties.template'),
  };
}
