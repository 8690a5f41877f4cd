import { ConfigError } from '@riptide/observability';

/** A started role: the port of its /metrics, /health and /ready, and how to close it cleanly. */
export interface ServingRole {
  readonly port: number;
  close(): Promise<void>;
}

export interface RoleSpec {
  readonly summary: string;
  /** The variable naming its HTTP port, and the port when unset. */
  readonly portVariable: string;
  readonly defaultPort: number;
  /** Variables this role reads beyond every role's (see COMMON_VARIABLES). */
  readonly variables: readonly string[];
  /** Where each variable is explained. */
  readonly docs: string;
  /** Throws a ConfigError for an environment this role refuses, before anything starts. */
  checkEnvironment?(env: NodeJS.ProcessEnv): void;
  start(): Promise<ServingRole>;
}

/** Read by every role: Kafka (README "Configuration", "Secured Kafka"), the consumer runtime, logs, the port file. */
export const COMMON_VARIABLES = [
  'KAFKA_BROKERS',
  'RIPTIDE_TOPIC_PREFIX',
  'RIPTIDE_KAFKA_PRODUCER',
  'KAFKA_SSL',
  'KAFKA_SSL_CA_FILE',
  'KAFKA_SSL_CERT_FILE',
  'KAFKA_SSL_KEY_FILE',
  'KAFKA_SSL_REJECT_UNAUTHORIZED',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_SASL_PASSWORD_FILE',
  'RIPTIDE_CONSUMER_RESTART_TIMEOUT_S',
  'RIPTIDE_CONSUMER_SESSION_TIMEOUT_MS',
  'RIPTIDE_BROKER_PROBE_INTERVAL_MS',
  'RIPTIDE_READY_BROKER_GRACE_MS',
  'LOG_LEVEL',
  'RIPTIDE_RUN_DIR',
] as const;

const API_KEY_VARIABLES = [
  'RIPTIDE_API_KEYS_FILE',
  'RIPTIDE_LOCAL_DIR',
  'RIPTIDE_API_KEY_RATE',
  'RIPTIDE_API_KEY_BURST',
  'RIPTIDE_API_KEY_CACHE_MS',
];

const COORDINATION_VARIABLES = [
  'COORDINATION_WINDOWS_S',
  'COORDINATION_LATENESS_S',
  'COORDINATION_MAX_SHARES_PER_OBJECT',
  'COORDINATION_WEIGHTS',
  'COORDINATION_HALF_LIFE_S',
  'COORDINATION_PRUNE_BELOW',
  'COORDINATION_SNAPSHOT_EVERY_EDGES',
  'COORDINATION_SNAPSHOT_INTERVAL_S',
  'COORDINATION_SNAPSHOT_QUIET_S',
  'COORDINATION_MIN_WEIGHT',
  'COORDINATION_WEIGHT_QUANTILE',
  'COORDINATION_MIN_CLUSTER_SIZE',
  'COORDINATION_COMMUNITY_METHOD',
  'COORDINATION_LOUVAIN_SEED',
  'COORDINATION_MIN_JACCARD',
  'COORDINATION_MAX_REPLAY_LOOKBACK_S',
];

/** The live sources a connector reads (`riptide connect <source>`, CONNECTOR_SOURCE). */
export const CONNECTOR_SOURCES = ['bluesky', 'mastodon'];

const CONNECTOR_VARIABLES = [
  'CONNECTOR_SOURCE',
  'CONNECTOR_NAME',
  'CONNECTOR_REWIND_S',
  'CONNECTOR_MAX_EVENT_BYTES',
  'CONNECTOR_MAX_PENDING_BYTES',
  'CONNECTOR_BATCH_MAX',
  'CONNECTOR_LINGER_MS',
  'CONNECTOR_CURSOR_COMMIT_MS',
  'CONNECTOR_RECONNECT_INITIAL_MS',
  'CONNECTOR_RECONNECT_MAX_MS',
  'CONNECTOR_STALL_TIMEOUT_MS',
  'CONNECTOR_LANGUAGES',
  'CONNECTOR_KEYWORDS',
  'CONNECTOR_HASHTAGS',
  'BLUESKY_JETSTREAM_URLS',
  'BLUESKY_COLLECTIONS',
  'BLUESKY_DIDS',
  'MASTODON_INSTANCE_URL',
  'MASTODON_STREAMS',
  'MASTODON_STREAMING_URL',
  'MASTODON_ACCESS_TOKEN',
  'MASTODON_ACCESS_TOKEN_FILE',
];

/*
 * Each role imports its app only when it starts: `riptide --help` stays fast, and a process loads only
 * the role it runs. The CLI is the deployable's one entry point, so it is the one place that imports apps.
 */
/* eslint-disable @nx/enforce-module-boundaries */
export const SERVE_ROLES = {
  ingest: {
    summary: 'POST /v1/posts and /v1/authors onto posts.raw and authors (needs API keys)',
    portVariable: 'INGEST_PORT',
    defaultPort: 8081,
    variables: [
      'INGEST_MAX_BODY_BYTES',
      'INGEST_MAX_REPORTED_ERRORS',
      'INGEST_MAX_ITEMS',
      'INGEST_BODY_BUDGET_BYTES',
      'INGEST_ACK_TIMEOUT_MS',
      'INGEST_MAX_PENDING_BYTES',
      'INGEST_REQUEST_TIMEOUT_MS',
      'INGEST_HEADERS_TIMEOUT_MS',
      ...API_KEY_VARIABLES,
    ],
    docs: 'README.md (Ingest, API keys, Configuration)',
    start: async () => {
      const { startIngest } = await import('../../../ingest/src/main');
      const app = await startIngest();
      const address = app.getHttpServer().address() as { port: number };
      return { port: address.port, close: () => app.close() };
    },
  },
  scorer: {
    summary: 'posts.raw -> posts.scored, stance.observations, shares (consumer group, scales on lag)',
    portVariable: 'SCORER_PORT',
    defaultPort: 8082,
    variables: [
      'SCORER_GROUP_ID',
      'SCORER_TOPICS_FILE',
      'SCORER_TIER',
      'SCORER_MODELS_DIR',
      'RIPTIDE_MODELS_DIR',
      'SCORER_CLASSIFIERS',
      'SCORER_INFERENCE_THREADS',
      'SCORER_THREADS',
      'SCORER_CHUNK_SIZE',
      'SCORER_PARTITIONS_CONCURRENTLY',
      'SCORER_SHARE_KINDS',
      'SCORER_TEXT_MIN_WORDS',
      'SCORER_TEXT_BANDS',
      'SCORER_TEXT_ROWS',
    ],
    docs: 'docs/scorer.md (Configuration), docs/embeddings.md (RIPTIDE_MODELS_DIR)',
    start: async () => {
      const { startScorer } = await import('../../../scorer/src/main');
      const { createLogger } = await import('@riptide/observability');
      const scorer = await startScorer(undefined, {
        onThreadFailure: (error) => {
          createLogger('scorer').fatal(
            { error: error.message },
            'a scoring thread ended; stopping the instance',
          );
          process.exit(1);
        },
      });
      return { port: scorer.port, close: () => scorer.close() };
    },
  },
  'coordination-detect': {
    summary: 'shares -> coordination.edges (consumer group, scales on lag up to the partitions of shares)',
    portVariable: 'COORDINATION_HTTP_PORT',
    defaultPort: 8083,
    variables: COORDINATION_VARIABLES,
    docs: 'docs/coordination.md (Configuration)',
    checkEnvironment: (env) => refuseOtherCoordinationRole('detect', env),
    start: () => startCoordinationAs('detect'),
  },
  'coordination-cluster': {
    summary:
      'coordination.edges -> coordination.clusters (one partition: one active instance, others stand by)',
    portVariable: 'COORDINATION_HTTP_PORT',
    defaultPort: 8083,
    variables: COORDINATION_VARIABLES,
    docs: 'docs/coordination.md (Configuration)',
    checkEnvironment: (env) => refuseOtherCoordinationRole('cluster', env),
    start: () => startCoordinationAs('cluster'),
  },
  coordination: {
    summary: 'detect and cluster in one process (small deployments, the demo)',
    portVariable: 'COORDINATION_HTTP_PORT',
    defaultPort: 8083,
    variables: COORDINATION_VARIABLES,
    docs: 'docs/coordination.md (Configuration)',
    checkEnvironment: (env) => refuseOtherCoordinationRole('both', env),
    start: () => startCoordinationAs('both'),
  },
  opinion: {
    summary: 'stance.observations -> opinion.estimates, opinion.shifts (consumer group, scales on lag)',
    portVariable: 'OPINION_HTTP_PORT',
    defaultPort: 8084,
    variables: [
      'OPINION_GROUP_ID',
      'OPINION_TOPICS_FILE',
      'OPINION_POPULATION_FILE',
      'OPINION_MODELS_DIR',
      'OPINION_LATENESS_S',
      'OPINION_QUIET_CLOSE_S',
      'OPINION_HORIZON_BUCKETS',
      'OPINION_MAX_REPLAY_LOOKBACK_S',
    ],
    docs: 'docs/opinion.md (The service)',
    start: async () => {
      const { startOpinion } = await import('../../../opinion/src/main');
      const opinion = await startOpinion();
      return { port: opinion.httpPort, close: () => opinion.close() };
    },
  },
  api: {
    summary: 'materialises the topics into its store; /v1 REST, OpenAPI, the console',
    portVariable: 'API_HTTP_PORT',
    defaultPort: 8085,
    variables: [
      'API_GROUP_ID',
      'API_TOPICS_FILE',
      'RIPTIDE_TOPICS_FILE',
      'API_MATERIALISE',
      'API_CONSOLE_DIR',
      'API_RESPONSE_CACHE_MB',
      'API_STORE_POLL_MS',
      'DATABASE_URL',
      'RIPTIDE_PGLITE_DIR',
      'RIPTIDE_LOCAL_DIR',
      'RIPTIDE_API_KEY_RATE',
      'RIPTIDE_API_KEY_BURST',
      'RIPTIDE_API_KEY_CACHE_MS',
    ],
    docs: 'docs/api.md (Running it)',
    start: async () => {
      const { startApi } = await import('../../../api/src/main');
      const api = await startApi();
      return { port: api.httpPort, close: () => api.close() };
    },
  },
  connector: {
    summary:
      'a live source (CONNECTOR_SOURCE: bluesky or mastodon) -> posts.raw, posts.deleted (one instance per source)',
    portVariable: 'CONNECTOR_HTTP_PORT',
    defaultPort: 8086,
    variables: CONNECTOR_VARIABLES,
    docs: 'docs/connectors.md',
    checkEnvironment: (env) => refuseMissingConnectorSource(env),
    start: async () => {
      const { startConnector } = await importConnector();
      const connector = await startConnector();
      return { port: connector.httpPort, close: () => connector.close() };
    },
  },
} satisfies Record<string, RoleSpec>;

export type RoleName = keyof typeof SERVE_ROLES;
export const ROLE_NAMES = Object.keys(SERVE_ROLES) as RoleName[];

type CoordinationRole = 'detect' | 'cluster' | 'both';

/** The coordination roles set COORDINATION_ROLE themselves; a different value in the environment is a mistake. */
function refuseOtherCoordinationRole(role: CoordinationRole, env: NodeJS.ProcessEnv): void {
  const configured = env.COORDINATION_ROLE;
  if (configured !== undefined && configured !== '' && configured !== role)
    throw new ConfigError(
      `COORDINATION_ROLE=${configured} conflicts with the role being served (${role}): unset it, the serve role sets it`,
    );
}

/** The connector app, for the serve role and `riptide connect` (which sets its variables from options). */
export async function importConnector() {
  const { startConnector } = await import('../../../connector/src/main');
  const { connectorConfigFromEnv } = await import('../../../connector/src/connector-config');
  return { startConnector, connectorConfigFromEnv };
}

/** The connector role reads one source; which one has no sensible default, so it must be named. */
function refuseMissingConnectorSource(env: NodeJS.ProcessEnv): void {
  const source = env.CONNECTOR_SOURCE;
  if (source === undefined || source === '')
    throw new ConfigError(
      `CONNECTOR_SOURCE is required by the connector role: ${CONNECTOR_SOURCES.join(' or ')}`,
    );
  if (!CONNECTOR_SOURCES.includes(source))
    throw new ConfigError(`CONNECTOR_SOURCE must be one of ${CONNECTOR_SOURCES.join(', ')}, got "${source}"`);
}

async function startCoordinationAs(role: CoordinationRole): Promise<ServingRole> {
  const { startCoordination } = await import('../../../coordination/src/main');
  const { coordinationConfigFromEnv } = await import('../../../coordination/src/coordination-config');
  const coordination = await startCoordination(
    coordinationConfigFromEnv({ ...process.env, COORDINATION_ROLE: role }),
  );
  return { port: coordination.httpPort, close: () => coordination.close() };
}
/* eslint-enable @nx/enforce-module-boundaries */
