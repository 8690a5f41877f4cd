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

export type PipelineRole = 'ingest' | 'scorer' | 'detect' | 'cluster' | 'opinion' | 'api';

/** The roles a pipeline starts unless a test names its own: the post path, without opinion (one process fewer to wait for). */
const POST_ROLES: readonly PipelineRole[] = ['ingest', 'scorer', 'detect', 'cluster'];

/** The opinion role's consumer session in the fault suite (the other roles' is PIPELINE_ENV's). */
export const OPINION_SESSION_TIMEOUT_MS = 20_000;

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
  opinion: {
    entry: 'apps/opinion/src/main.ts',
    portVariable: 'OPINION_HTTP_PORT',
    // 5 s buckets, closed 1 s after their end or 2 s after the stream goes quiet: a test sees them close
    // within seconds. A killed instance holds its partitions for OPINION_SESSION_TIMEOUT_MS: long enough
    // that a restarted one which claimed readiness as soon as it listens would be caught doing so.
    env: {
      RIPTIDE_OPINION_BUCKET_WIDTH_MS: '5000',
      OPINION_LATENESS_S: '1',
      OPINION_QUIET_CLOSE_S: '2',
      RIPTIDE_CONSUMER_SESSION_TIMEOUT_MS: String(OPINION_SESSION_TIMEOUT_MS),
    },
  },
  // Its store (DATABASE_URL or RIPTIDE_PGLITE_DIR) is the test's: pass it in roleEnv.
  api: { entry: 'apps/api/src/main.ts', portVariable: 'API_HTTP_PORT' },
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
  /** Its broker and topic prefix, for a test that produces to a topic itself. */
  readonly connection: KafkaConnection;
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
 * The pipeline as real processes on a broker of its own: one process of each role (by default ingest,
 * scorer, coordination detect and cluster), under a fresh topic prefix, with an API key store of its
 * own. What the fault tests break, kill and restart.
 */
export async function startFaultPipeline(
  name: string,
  roles: readonly PipelineRole[] = POST_ROLES,
  roleEnv: Partial<Record<PipelineRole, Record<string, string>>> = {},
): Promise<FaultPipeline> {
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
    const { env: entryEnv, ...spec } = ENTRIES[role];
    const count = services.filter((service) => service.spec.name.startsWith(role)).length;
    const service = await ServiceProcess.create(
      { name: `${role}-${count}`, ...spec, env: { ...env, ...entryEnv, ...roleEnv[role] } },
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
    await Promise.all(roles.map(add));
  } catch (error) {
    await destroy();
    throw error;
  }
  process.stderr.write(`[faults] pipeline ${name} running; service logs in ${logDir}\n`);
  return {
    broker,
    connection,
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
