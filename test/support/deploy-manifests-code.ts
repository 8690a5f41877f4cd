import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { topicCatalog } from '@riptide/stream';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { apiConfigFromEnv } from '../../apps/api/src/api-config';
import { COMMON_VARIABLES, SERVE_ROLES } from '../../apps/cli/src/serve/serve-roles';
import { connectorConfigFromEnv } from '../../apps/connector/src/connector-config';
import { coordinationConfigFromEnv } from '../../apps/coordination/src/coordination-config';
import { DetectController } from '../../apps/coordination/src/detect/detect.controller';
import { CLUSTER_GROUP, DETECT_GROUP } from '../../apps/coordination/src/main';
import { ingestConfigFromEnv } from '../../apps/ingest/src/ingest-config';
import { opinionConfigFromEnv } from '../../apps/opinion/src/opinion-config';
import { OpinionController } from '../../apps/opinion/src/opinion.controller';
import { scorerConfigFromEnv } from '../../apps/scorer/src/scorer-config';
import { ScorerController } from '../../apps/scorer/src/scorer.controller';
import { murmur2Partitioner } from '../../libs/stream/src/kafka/murmur2-partitioner';

/** What the deployment files are checked against: facts read from the code itself, never restated. */

export const REPOSITORY = resolve(__dirname, '../..');
type Env = Record<string, string | undefined>;

export const ROLES = [
  'ingest',
  'scorer',
  'coordination-detect',
  'coordination-cluster',
  'opinion',
  'api',
  'connector',
] as const;
export type Role = (typeof ROLES)[number];

/** Read by Node itself, not by Riptide's code: the only such variables a deployment may set. */
const READ_BY_NODE = ['NODE_OPTIONS'];

interface RoleCode {
  /** Where the role's code starts: its app's folder (then, through `@riptide/*` imports, its libraries). */
  readonly sources: string;
  /** The role's own config function: the variables it reads and the port it binds with `env`. */
  readonly config: (env: Env) => { port: number; groupId?: string };
  /** The variable that moves the port. */
  readonly portVariable: string;
  /** The controller whose `@ConsumeBatches` topics are the group's input (roles that scale on lag). */
  readonly consumer?: object;
}

const ROLE_CODE: Record<Role, RoleCode> = {
  ingest: {
    sources: 'apps/ingest/src',
    config: (env) => withProcessEnv(env, () => ({ port: ingestConfigFromEnv().port })),
    portVariable: 'INGEST_PORT',
  },
  scorer: {
    sources: 'apps/scorer/src',
    config: (env) => scorerConfigFromEnv(env),
    portVariable: 'SCORER_PORT',
    consumer: ScorerController,
  },
  'coordination-detect': {
    sources: 'apps/coordination/src',
    config: (env) => ({ port: coordinationConfigFromEnv(env).httpPort, groupId: DETECT_GROUP }),
    portVariable: 'COORDINATION_HTTP_PORT',
    consumer: DetectController,
  },
  'coordination-cluster': {
    sources: 'apps/coordination/src',
    config: (env) => ({ port: coordinationConfigFromEnv(env).httpPort, groupId: CLUSTER_GROUP }),
    portVariable: 'COORDINATION_HTTP_PORT',
  },
  opinion: {
    sources: 'apps/opinion/src',
    config: (env) => {
      const config = opinionConfigFromEnv(env);
      return { port: config.httpPort, groupId: config.groupId };
    },
    portVariable: 'OPINION_HTTP_PORT',
    consumer: OpinionController,
  },
  api: {
    sources: 'apps/api/src',
    config: (env) => {
      const config = apiConfigFromEnv(env);
      return { port: config.httpPort, groupId: config.groupId };
    },
    portVariable: 'API_HTTP_PORT',
  },
  connector: {
    sources: 'apps/connector/src',
    // The source has no default (the role refuses to start without one); any of them binds the same port.
    config: (env) => ({ port: connectorConfigFromEnv({ CONNECTOR_SOURCE: 'bluesky', ...env }).httpPort }),
    portVariable: 'CONNECTOR_HTTP_PORT',
  },
};

/** `riptide topics apply` (the topics Job, the compose `topics` service): the CLI command and what it imports. */
const TOPICS_COMMAND_SOURCES = 'apps/cli/src/commands/topics.command.ts';

/** The port the role binds given the variables `env` sets (its default when none moves it). */
export function roleHttpPort(role: Role, env: Env = {}): number {
  return ROLE_CODE[role].config(env).port;
}

export function rolePortVariable(role: Role): string {
  return ROLE_CODE[role].portVariable;
}

/**
 * The role's logical consumer group given its environment (the deployment's topic prefix comes in front
 * of it). The Kafka security settings are left out: they do not move the group, and the files they name
 * exist only in the pod.
 */
export function roleConsumerGroup(role: Role, env: Env = {}): string | undefined {
  const withoutSecurity = Object.fromEntries(
    Object.entries(env).filter(([name]) => !/^KAFKA_(SSL|SASL)/.test(name)),
  );
  return ROLE_CODE[role].config(withoutSecurity).groupId;
}

/** The topics the role's lag-scaled consumer group reads, from its controller's `@ConsumeBatches`. */
export function roleInputTopics(role: Role): string[] {
  const controller = ROLE_CODE[role].consumer as { prototype: Record<string, unknown> } | undefined;
  if (!controller) return [];
  const prototype = controller.prototype;
  return Object.getOwnPropertyNames(prototype).flatMap(
    (method) => (Reflect.getMetadata(PATTERN_METADATA, prototype[method] as object) as string[]) ?? [],
  );
}

export function partitionsOf(topic: string): number {
  const spec = topicCatalog.find((candidate) => candidate.name === topic);
  if (!spec)
    throw new Error(`${topic} is not in the topic catalog (libs/stream/src/topics/topic-catalog.ts)`);
  return spec.partitions;
}

/**
 * The partitions of `topic` that messages keyed by `keys` land on, with the producers' partitioner: a
 * topic keyed by a few values (stance.observations by topic id) loads only these.
 */
export function partitionsLoadedBy(topic: string, keys: readonly string[]): number {
  const count = partitionsOf(topic);
  const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));
  const partition = murmur2Partitioner();
  return new Set(keys.map((key) => partition({ topic, partitionMetadata, message: { key, value: null } })))
    .size;
}

/**
 * Every variable the role's code reads: those its config function reads (recorded while it runs) and
 * those read anywhere in its sources and the libraries they import (runtime settings such as LOG_LEVEL
 * or RIPTIDE_CONSUMER_SESSION_TIMEOUT_MS, read outside the config functions).
 */
function envNamesReadBy(role: Role): Set<string> {
  const recorded = new Set<string>();
  const recorder = new Proxy({} as Env, {
    get: (_, name) => {
      if (typeof name === 'string') recorded.add(name);
      return undefined;
    },
  });
  ROLE_CODE[role].config(recorder);
  return new Set([
    ...recorded,
    ...envNamesInSources(ROLE_CODE[role].sources),
    ...envNamesInSources(SERVE_SOURCES),
  ]);
}

/** Each variable set is read by the workload's code and documented by `riptide serve --help`. */
export function envNameProblems(at: string, role: Role | undefined, names: string[]): string[] {
  const readByCode = role ? envNamesReadBy(role) : envNamesInSources(TOPICS_COMMAND_SOURCES);
  const documented = envNamesDocumentedFor(role);
  const command = role ? `riptide serve ${role}` : 'riptide topics apply';
  return names
    .filter((name) => !READ_BY_NODE.includes(name))
    .flatMap((name) => {
      if (!readByCode.has(name)) return [`${at}: env ${name} is read by none of its code (${command})`];
      if (!documented.has(name)) return [`${at}: env ${name} is not documented by \`${command} --help\``];
      return [];
    });
}

/** `riptide serve`, which starts every role (RIPTIDE_RUN_DIR, its port file). */
const SERVE_SOURCES = 'apps/cli/src/serve';

/**
 * The variables `riptide serve <role> --help` documents for the role (apps/cli/src/serve/serve-roles.ts),
 * or those common to every role for `riptide topics apply`: an operator looks a variable up there.
 */
function envNamesDocumentedFor(role?: Role): Set<string> {
  if (!role) return new Set(COMMON_VARIABLES);
  const { variables, portVariable } = SERVE_ROLES[role];
  return new Set([...COMMON_VARIABLES, ...variables, portVariable]);
}

/** The variables read in the sources under `entry` (a folder or a file) and in the libraries they import. */
function envNamesInSources(entry: string): Set<string> {
  const names = new Set<string>();
  for (const file of sourceClosure(entry)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of ENV_READS) for (const match of text.matchAll(pattern)) names.add(match[1]);
  }
  return names;
}

const NAME = `['"]([A-Z][A-Z0-9_]*)['"]`;
/** How Riptide's code reads a variable; a new way of reading one must be added here. */
const ENV_READS = [
  new RegExp(`\\benv[A-Z]\\w*\\(\\s*${NAME}`, 'g'), // envInt('NAME', …) and the other env helpers
  /\benv\.([A-Z][A-Z0-9_]*)\b/g, // env.NAME, process.env.NAME
  new RegExp(`\\benv\\[\\s*${NAME}\\s*\\]`, 'g'), // env['NAME']
  new RegExp(`\\benv:\\s*${NAME}`, 'g'), // { env: 'NAME' } in settings tables (libs/opinion)
];

/** `from '@riptide/stream'` and the CLI's lazy `import('@riptide/stream')`. */
const IMPORTED_LIBRARY = /(?:from |import\()'@riptide\/([a-z-]+)'/g;

/** The TypeScript files (no specs) under `entry` and under every library they import, transitively. */
function sourceClosure(entry: string): string[] {
  const files = new Set<string>();
  const pending = [resolve(REPOSITORY, entry)];
  const seenLibraries = new Set<string>();
  while (pending.length > 0) {
    for (const file of typeScriptFiles(pending.pop() as string)) {
      if (files.has(file)) continue;
      files.add(file);
      for (const [, library] of readFileSync(file, 'utf8').matchAll(IMPORTED_LIBRARY)) {
        if (seenLibraries.has(library)) continue;
        seenLibraries.add(library);
        pending.push(resolve(REPOSITORY, 'libs', library, 'src'));
      }
    }
  }
  return [...files];
}

function typeScriptFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    const child = join(path, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(child);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [child] : [];
  });
}

/** Runs `run` with `env` as process.env (config functions that take no env argument read it there). */
function withProcessEnv<T>(env: Env, run: () => T): T {
  const saved = process.env;
  process.env = env as NodeJS.ProcessEnv;
  try {
    return run();
  } finally {
    process.env = saved;
  }
}

/** The image's NODE_OPTIONS (Dockerfile ENV): a container that sets NODE_OPTIONS replaces it, so repeats it. */
export function imageNodeOptions(): string {
  const dockerfile = readFileSync(resolve(REPOSITORY, 'Dockerfile'), 'utf8');
  return /\bNODE_OPTIONS=("[^"]*"|\S+)/.exec(dockerfile)?.[1].replaceAll('"', '') ?? '';
}

/** deploy/prometheus/prometheus.yml: scrape job name by the port of its targets (one host, every default port). */
function prometheusJobsByPort(): Map<number, string> {
  const config = parse(readFileSync(resolve(REPOSITORY, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
    scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
  };
  return new Map(
    config.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((group) =>
        group.targets.map((target) => [Number(target.split(':').at(-1)), job.job_name] as const),
      ),
    ),
  );
}

/** The scrape job of a role: the job of deploy/prometheus/prometheus.yml that scrapes its default port. */
export function rolePrometheusJob(role: Role): string {
  const job = prometheusJobsByPort().get(roleHttpPort(role));
  if (!job) throw new Error(`deploy/prometheus/prometheus.yml scrapes no job on ${role}'s port`);
  return job;
}
