import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitForBroker } from '@riptide/stream';
import { CliError } from '../cli-error';
import { javaBinary, requireJava, requireMaven } from './java-toolchain';
import { newKafkaClusterId } from './kafka-cluster-id';
import { LocalKafkaPaths, localKafkaPaths } from './local-kafka-paths';
import { SaslSslListener, saslSslProperties, scramFormatArgs } from './sasl-ssl-listener';

export const LOCAL_KAFKA_HOST = '127.0.0.1';
export const LOCAL_KAFKA_PORT = 9092;
const CONTROLLER_PORT = 9093;
const HEAP = process.env.RIPTIDE_KAFKA_HEAP ?? '768m';
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;

/** Where the broker listens: the defaults for the developer's broker; tests run extra brokers on other ports. */
export interface LocalKafkaPorts {
  readonly port: number;
  readonly controllerPort: number;
}
const DEFAULT_PORTS: LocalKafkaPorts = { port: LOCAL_KAFKA_PORT, controllerPort: CONTROLLER_PORT };

export type LocalKafkaStatus =
  { running: true; pid: number; bootstrap: string } | { running: false; reason: string };

/**
 * A single-node Apache Kafka (KRaft, combined broker and controller) run from Maven Central jars, for
 * development, tests and the demo. Every operation is idempotent.
 */
export class LocalKafka {
  constructor(
    private readonly paths: LocalKafkaPaths = localKafkaPaths(),
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    private readonly ports: LocalKafkaPorts = DEFAULT_PORTS,
    private readonly saslSsl?: SaslSslListener,
  ) {}

  get bootstrap(): string {
    return `${LOCAL_KAFKA_HOST}:${this.ports.port}`;
  }

  status(): LocalKafkaStatus {
    const pid = this.readPid();
    if (pid === undefined) return { running: false, reason: 'no broker started by riptide (no pid file)' };
    if (!isAlive(pid)) return { running: false, reason: `the broker (pid ${pid}) is no longer running` };
    return { running: true, pid, bootstrap: this.bootstrap };
  }

  async start(): Promise<LocalKafkaStatus & { running: true }> {
    const current = this.status();
    if (current.running) {
      await waitForBroker([this.bootstrap], START_TIMEOUT_MS);
      this.log(`Kafka already running (pid ${current.pid}) on ${this.bootstrap}`);
      return current;
    }
    if (await portAnswers(LOCAL_KAFKA_HOST, this.ports.port)) {
      throw new CliError(
        `${this.bootstrap} is already taken by a process riptide did not start (another broker?). ` +
          'Stop it, or use it with KAFKA_BROKERS and skip `riptide kafka start`.',
      );
    }
    requireJava();
    this.fetchJars();
    mkdirSync(this.paths.home, { recursive: true });
    this.writeProperties();
    this.formatStorageOnce();

    const logFd = openSync(this.paths.logFile, 'a');
    const broker = spawn(javaBinary(), this.jvmArgs(), { detached: true, stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    if (broker.pid === undefined) throw new CliError('could not start the Kafka JVM');
    broker.unref();
    writeFileSync(this.paths.pidFile, String(broker.pid));
    this.log(`Kafka starting (pid ${broker.pid}), log ${this.paths.logFile}`);

    try {
      await waitForBroker([this.bootstrap], START_TIMEOUT_MS, () => isAlive(broker.pid!));
    } catch (error) {
      const tail = this.logTail(30);
      await this.stop();
      throw new CliError(
        `Kafka did not answer on ${this.bootstrap}: ${(error as Error).message}\n--- broker log ---\n${tail}`,
      );
    }
    this.log(`Kafka ready on ${this.bootstrap}`);
    return { running: true, pid: broker.pid, bootstrap: this.bootstrap };
  }

  async stop(): Promise<void> {
    const pid = this.readPid();
    if (pid === undefined || !isAlive(pid)) {
      rmSync(this.paths.pidFile, { force: true });
      this.log('Kafka is not running');
      return;
    }
    // SIGTERM lets the broker flush its logs and close the metadata quorum cleanly.
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (isAlive(pid) && Date.now() < deadline) await sleep(200);
    if (isAlive(pid)) {
      this.log(`Kafka (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000}s; killing it`);
      process.kill(pid, 'SIGKILL');
    }
    rmSync(this.paths.pidFile, { force: true });
    this.log(`Kafka stopped (pid ${pid})`);
  }

  /** Downloads the pinned broker jars once; Maven caches them in ~/.m2 as well. */
  private fetchJars(): void {
    if (existsSync(this.paths.libs) && readdirSync(this.paths.libs).some((f) => f.startsWith('kafka_2.13-')))
      return;
    requireMaven();
    this.log('Fetching Apache Kafka jars from Maven Central (once)…');
    const result = spawnSync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        this.paths.pom,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${this.paths.libs}`,
        '-DincludeScope=runtime',
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (result.status !== 0) {
      rmSync(this.paths.libs, { recursive: true, force: true });
      throw new CliError(`mvn could not fetch the Kafka jars (exit ${result.status}); see the output above`);
    }
  }

  private writeProperties(): void {
    const values: Record<string, string> = {
      host: LOCAL_KAFKA_HOST,
      port: String(this.ports.port),
      controllerPort: String(this.ports.controllerPort),
      dataDir: this.paths.dataDir,
    };
    const text = readFileSync(this.paths.propertiesTemplate, 'utf8').replace(
      /\{\{(\w+)\}\}/g,
      (_, key: string) => {
        if (!(key in values))
          throw new Error(`unknown placeholder {{${key}}} in ${this.paths.propertiesTemplate}`);
        return values[key];
      },
    );
    const saslSsl = this.saslSsl ? saslSslProperties(this.saslSsl, LOCAL_KAFKA_HOST, this.ports) : '';
    writeFileSync(this.paths.propertiesFile, text + saslSsl);
  }

  /** KRaft storage is formatted once with a fresh cluster id; later starts reuse the data. */
  private formatStorageOnce(): void {
    if (existsSync(join(this.paths.dataDir, 'meta.properties'))) return;
    const clusterId = newKafkaClusterId();
    const result = spawnSync(
      javaBinary(),
      [
        ...this.classpathArgs(),
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        this.paths.propertiesFile,
        '--standalone',
        ...(this.saslSsl ? scramFormatArgs(this.saslSsl) : []),
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) {
      throw new CliError(
        `formatting Kafka storage in ${this.paths.dataDir} failed:\n${result.stdout}${result.stderr}`,
      );
    }
    this.log(`Formatted KRaft storage (cluster ${clusterId})`);
  }

  private jvmArgs(): string[] {
    return [
      `-Xms256m`,
      `-Xmx${HEAP}`,
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      ...this.classpathArgs(),
      'kafka.Kafka',
      this.paths.propertiesFile,
    ];
  }

  private classpathArgs(): string[] {
    return [`-Dlog4j2.configurationFile=${this.paths.log4jConfig}`, '-cp', join(this.paths.libs, '*')];
  }

  private readPid(): number | undefined {
    if (!existsSync(this.paths.pidFile)) return undefined;
    const pid = Number(readFileSync(this.paths.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  private logTail(lines: number): string {
    if (!existsSync(this.paths.logFile)) return '(no log)';
    return readFileSync(this.paths.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }
}

export function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
