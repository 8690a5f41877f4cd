import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CliError } from '../cli-error';

const REQUIRED_JAVA = 17;

/** The java binary to run the broker with: JAVA_HOME's when set, else the one on the PATH. */
export function javaBinary(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Fails with an actionable message unless Java 17 or newer answers. */
export function requireJava(): void {
  const java = javaBinary();
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new CliError(
      `Java ${REQUIRED_JAVA} or newer is needed to run the local Kafka broker, but \`${java} -version\` failed` +
        ` (${probe.error?.message ?? `exit ${probe.status}`}). Install it (Debian: apt-get install openjdk-17-jre-headless)` +
        ' or set KAFKA_BROKERS to use an existing broker.',
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(probe.stderr + probe.stdout);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : NaN;
  if (!(major >= REQUIRED_JAVA)) {
    throw new CliError(
      `Kafka 4 needs Java ${REQUIRED_JAVA} or newer; \`${java} -version\` reports ${match?.[0] ?? 'an unknown version'}.` +
        ' Point JAVA_HOME at a newer JDK.',
    );
  }
}

/** Fails with an actionable message unless Maven answers; Maven fetches the broker jars. */
export function requireMaven(): void {
  const probe = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new CliError(
      'Maven is needed once to fetch the Kafka jars from Maven Central, but `mvn -v` failed' +
        ` (${probe.error?.message ?? `exit ${probe.status}`}). Install it (Debian: apt-get install maven).`,
    );
  }
}
