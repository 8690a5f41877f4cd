import { FileApiKeyStore, issueApiKey } from '@riptide/auth';
import {
  applyTopicCatalog,
  kafkaConnectionFromEnv,
  readPartitionRange,
  topicEndOffsets,
  type KafkaConnection,
  type StoredMessage,
} from '@riptide/stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDedicatedBroker, type DedicatedBroker } from './dedicated-broker';
import { PostTraffic, type PostTrafficOptions } from './post-traffic';
import { ServiceProcess, type ServiceSpec } from './service-process';

export type PipelineRole = 'ingest' | 'scorer' | 'detect' | 'cluster';

const ENTRIES: Record<
  PipelineRole,
  Pick<ServiceSpec, 'entry' | 'portVariable'> & { env?: Record<string, string> }
> = {
  ingest: { entry: 'apps/ingest/src/main.ts', portVariable: 'INGEST_PORT' },
  scorer: { entry: 'apps/scorer/src/main.ts', portVariable: 'SCORER_PORT' },
  detect: {
    entry: 'apps/coordination/src/main.ts',
    portVariable: 'COORDINATION_HTTP_PORT',
    env: { COORDINATION_ROLE: 'detect' },
  },
  cluster: {
    entry: 'apps/coordination/src/main.ts',
    portVariable: 'COORDINATION_HTTP_PORT',
    env: { COORDINATION_ROLE: 'cluster' },
  },
};

/**
 * The environment every service of the fault suite runs with. A killed consumer holds its partitions
 * until its session times out: 10 s instead of 30 keeps the suite short without changing what happens.
 * Posts resent after an outage are up to a minute old: the lateness covers them. Snapshots every 5 s of
 * event time, so that a test sees clusters move within seconds.
 */
const PIPELINE_ENV = {
  RIPTIDE_CONSUMER_SESSION_TIMEOUT_MS: '10000',
  COORDINATION_LATENESS_S: '120',
  COORDINATION_SNAPSHOT_INTERVAL_S: '5',
  COORDINATION_MIN_WEIGHT: '2',
};

export interface FaultPipeline {
  readonly broker: DedicatedBroker;
  readonly services: ServiceProcess[];
  /** The first process of a role. */
  service(role: PipelineRole): ServiceProcess;
  /** Starts one more process of a role (a second scorer instance, say) and waits until it is ready. */
  add(role: PipelineRole): Promise<ServiceProcess>;
  /** A client posting through this pipeline's ingest (wherever it runs now) with its key. */
  traffic(options: Pick<PostTrafficOptions, 'postsPerSecond' | 'campaignAccounts'>): PostTraffic;
  /** Every message of a topic up to its current end. */
  readToEnd(logicalTopic: string): Promise<StoredMessage[]>;
  destroy(): Promise<void>;
}

/**
 * The whole pipeline as real processes on a broker of its own: ingest, scorer, coordination detect and
 * cluster, one each, under a fresh topic prefix, with an API key store of its own. What the fault tests
 * break, kill and restart.
 */
export async function startFaultPipeline(name: string): Promise<FaultPipeline> {
  const logDir = mkdtempSync(join(tmpdir(), `riptide-faults-${name}-`));
  const broker = await startDedicatedBroker();
  const prefix = `fault.${name}.${Date.now()}.`;
  const env = {
    ...PIPELINE_ENV,
    KAFKA_BROKERS: broker.bootstrap,
    RIPTIDE_TOPIC_PREFIX: prefix,
    RIPTIDE_API_KEYS_FILE: join(logDir, 'api-keys.json'),
  };
  const connection = kafkaConnectionFromEnv(`fault-${name}`, env);
  await applyTopicCatalog(connection);
  const { token } = await issueApiKey(
    new FileApiKeyStore(env.RIPTIDE_API_KEYS_FILE),
    'fault-traffic',
    'ingest',
  );

  const services: ServiceProcess[] = [];
  const add = async (role: PipelineRole) => {
    const { env: roleEnv, ...spec } = ENTRIES[role];
    const count = services.filter((service) => service.spec.name.startsWith(role)).length;
    const service = await ServiceProcess.create(
      { name: `${role}-${count}`, ...spec, env: { ...env, ...roleEnv } },
      logDir,
    );
    services.push(service);
    await service.start();
    return service;
  };
  const destroy = async () => {
    await Promise.all(services.map((service) => service.kill('SIGTERM')));
    await broker.destroy();
  };
  try {
    await Promise.all((['ingest', 'scorer', 'detect', 'cluster'] as const).map(add));
  } catch (error) {
    await destroy();
    throw error;
  }
  process.stderr.write(`[faults] pipeline ${name} running; service logs in ${logDir}\n`);
  return {
    broker,
    services,
    service: (role) => {
      const found = services.find((service) => service.spec.name.startsWith(`${role}-`));
      if (!found) throw new Error(`no ${role} service`);
      return found;
    },
    add,
    traffic: (options) =>
      new PostTraffic({
        ...options,
        ingestUrl: () => services.find((service) => service.spec.name.startsWith('ingest-'))!.url,
        apiKey: token,
        runId: name,
      }),
    readToEnd: (topic) => readToEnd(connection, topic),
    destroy,
  };
}

async function readToEnd(connection: KafkaConnection, topic: string): Promise<StoredMessage[]> {
  const messages: StoredMessage[] = [];
  for (const [partition, end] of await topicEndOffsets(connection, topic)) {
    await readPartitionRange(
      connection,
      { topic, partition, fromTimestampMs: 0, untilOffset: end },
      (read) => {
        messages.push(...read);
      },
    );
  }
  return messages;
}
