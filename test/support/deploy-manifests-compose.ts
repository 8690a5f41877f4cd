import { existsSync, readFileSync } from 'node:fs';
import { dirname, posix, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import {
  envNameProblems,
  REPOSITORY,
  roleHttpPort,
  rolePrometheusJob,
  ROLES,
  type Role,
} from './deploy-manifests-code';

/** deploy/docker-compose.yml against the code: what each service runs, reads, listens on and is scraped as. */

const COMPOSE_FILE = resolve(REPOSITORY, 'deploy/docker-compose.yml');
const COMPOSE_DIR = dirname(COMPOSE_FILE);

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }> | string[];
  volumes?: string[];
  ports?: string[];
  tmpfs?: string[];
  read_only?: boolean;
  healthcheck?: { test: string[] };
}

export interface Compose {
  services: Record<string, ComposeService>;
}

export function readCompose(): Compose {
  return parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as Compose;
}

/** The official images of the infrastructure services. */
const OFFICIAL_IMAGES: Record<string, string> = {
  kafka: 'apache/kafka:',
  postgres: 'postgres:',
  prometheus: 'prom/prometheus:',
  grafana: 'grafana/grafana:',
};
const RIPTIDE_IMAGE = 'riptide:local';
/** Prometheus's and PostgreSQL's own ports, which the compose file does not change. */
const PROMETHEUS_PORT = 9090;
const POSTGRESQL_PORT = 5432;

export function composeProblems(compose: Compose): string[] {
  const problems = Object.entries(OFFICIAL_IMAGES)
    .filter(([service, image]) => !compose.services[service]?.image?.startsWith(image))
    .map(([service, image]) => `service ${service}: expected the official image ${image}…`);
  problems.push(...riptideServiceProblems(compose, 'topics'));
  for (const role of ROLES) problems.push(...riptideServiceProblems(compose, role));
  return [
    ...problems,
    ...databaseProblems(compose),
    ...prometheusProblems(compose),
    ...grafanaProblems(compose),
  ];
}

/** A service of the Riptide image: built from the Dockerfile, its command, its environment, brokers, port. */
function riptideServiceProblems(compose: Compose, name: Role | 'topics'): string[] {
  const at = `service ${name}`;
  const service = compose.services[name];
  if (!service) return [`${at} is missing`];
  const problems: string[] = [];
  const context = resolve(COMPOSE_DIR, service.build?.context ?? '');
  if (context !== REPOSITORY || !existsSync(resolve(context, service.build?.dockerfile ?? '')))
    problems.push(`${at}: build must be the repository's Dockerfile, got ${JSON.stringify(service.build)}`);
  if (service.image !== RIPTIDE_IMAGE)
    problems.push(`${at}: image ${service.image}, expected ${RIPTIDE_IMAGE}`);
  const role = name === 'topics' ? undefined : name;
  const command = role ? ['serve', role] : ['topics', 'apply'];
  if (!isDeepStrictEqual(service.command, command))
    problems.push(`${at}: command ${JSON.stringify(service.command)}, expected ${JSON.stringify(command)}`);
  const env = environment(service);
  problems.push(...envNameProblems(at, role, Object.keys(env)));
  if (env.KAFKA_BROKERS !== internalBrokers(compose))
    problems.push(
      `${at}: KAFKA_BROKERS is ${env.KAFKA_BROKERS}, the kafka service listens at ${internalBrokers(compose)}`,
    );
  if (!dependsOn(service, 'kafka', 'service_healthy'))
    problems.push(`${at}: must wait for kafka to be healthy`);
  if (service.read_only !== true || !service.tmpfs?.includes('/tmp'))
    problems.push(`${at}: read-only with a /tmp tmpfs, as the Kubernetes pods`);
  if (role) problems.push(...roleServiceProblems(at, role, service, env));
  return problems;
}

function roleServiceProblems(
  at: string,
  role: Role,
  service: ComposeService,
  env: Record<string, string>,
): string[] {
  const port = roleHttpPort(role, env);
  const problems: string[] = [];
  if (!dependsOn(service, 'topics', 'service_completed_successfully'))
    problems.push(`${at}: must wait for the topics service to have applied the catalog`);
  if (!service.healthcheck?.test.join(' ').includes(`http://127.0.0.1:${port}/ready`))
    problems.push(
      `${at}: its healthcheck must ask /ready on ${port}, got ${JSON.stringify(service.healthcheck?.test)}`,
    );
  for (const published of service.ports ?? [])
    if (Number(published.split(':').at(-1)) !== port)
      problems.push(`${at}: publishes ${published}, but ${role} listens on ${port}`);
  const keysFile = env.RIPTIDE_API_KEYS_FILE;
  if (keysFile && !service.volumes?.some((volume) => volume.split(':')[1] === posix.dirname(keysFile)))
    problems.push(
      `${at}: RIPTIDE_API_KEYS_FILE ${keysFile} is not in a volume (keys made with apikey create would vanish)`,
    );
  return problems;
}

/** The api's DATABASE_URL names the postgres service with its user, password and database. */
function databaseProblems(compose: Compose): string[] {
  const api = compose.services.api;
  const postgres = environment(compose.services.postgres ?? {});
  const expected = `postgres://${postgres.POSTGRES_USER}:${postgres.POSTGRES_PASSWORD}@postgres:${POSTGRESQL_PORT}/${postgres.POSTGRES_DB}`;
  const problems: string[] = [];
  if (api && environment(api).DATABASE_URL !== expected)
    problems.push(
      `service api: DATABASE_URL is ${environment(api).DATABASE_URL}, the postgres service gives ${expected}`,
    );
  if (api && !dependsOn(api, 'postgres', 'service_healthy'))
    problems.push('service api: must wait for postgres to be healthy');
  return problems;
}

interface PrometheusConfig {
  global: unknown;
  rule_files: string[];
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}

/** Compose's Prometheus: the repository's jobs, rules and intervals, with the role services as targets. */
function prometheusProblems(compose: Compose): string[] {
  const service = compose.services.prometheus ?? {};
  const configFile = hostPath(service, '/etc/prometheus/prometheus.yml');
  if (!configFile) return ['service prometheus: no configuration mounted at /etc/prometheus/prometheus.yml'];
  const config = parse(readFileSync(configFile, 'utf8')) as PrometheusConfig;
  const at = relative(REPOSITORY, configFile);
  const repository = parse(
    readFileSync(resolve(REPOSITORY, 'deploy/prometheus/prometheus.yml'), 'utf8'),
  ) as PrometheusConfig;
  const problems: string[] = [];
  const jobs = (of: PrometheusConfig) => of.scrape_configs.map((job) => job.job_name).sort();
  if (!isDeepStrictEqual(jobs(config), jobs(repository)))
    problems.push(`${at}: jobs ${jobs(config)}, deploy/prometheus/prometheus.yml has ${jobs(repository)}`);
  if (
    !isDeepStrictEqual(config.global, repository.global) ||
    !isDeepStrictEqual(config.rule_files, repository.rule_files)
  )
    problems.push(`${at}: global and rule_files must be deploy/prometheus/prometheus.yml's`);
  for (const rules of config.rule_files)
    if (!existsSync(hostPath(service, posix.join('/etc/prometheus', rules)) ?? ''))
      problems.push(`service prometheus: rule file ${rules} is not mounted beside the configuration`);
  const targets = new Map(
    config.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((group) => group.targets.map((t) => [t, job.job_name])),
    ),
  );
  const expected = new Map(
    ROLES.map((role) => [
      `${role}:${roleHttpPort(role, environment(compose.services[role] ?? {}))}`,
      rolePrometheusJob(role),
    ]),
  );
  if (!isDeepStrictEqual(targets, expected))
    problems.push(
      `${at}: targets ${JSON.stringify([...targets])}, expected ${JSON.stringify([...expected])}`,
    );
  return problems;
}

/** Compose's Grafana: the repository's provisioning and dashboards, a data source that differs only by URL. */
function grafanaProblems(compose: Compose): string[] {
  const service = compose.services.grafana ?? {};
  const repositoryProvisioning = resolve(REPOSITORY, 'deploy/grafana/provisioning');
  const problems: string[] = [];
  if (
    hostPath(service, '/etc/grafana/provisioning/dashboards') !==
    resolve(repositoryProvisioning, 'dashboards')
  )
    problems.push(
      'service grafana: deploy/grafana/provisioning/dashboards must be its dashboard provisioning',
    );
  const provider = parse(readFileSync(resolve(repositoryProvisioning, 'dashboards/riptide.yml'), 'utf8')) as {
    providers: { options: { path: string } }[];
  };
  const dashboardsPath = provider.providers[0].options.path;
  if (hostPath(service, dashboardsPath) !== resolve(REPOSITORY, 'deploy/grafana/dashboards'))
    problems.push(
      `service grafana: deploy/grafana/dashboards must be mounted at ${dashboardsPath} (the provider's path)`,
    );
  const datasources = hostPath(service, '/etc/grafana/provisioning/datasources');
  const composeSource = datasources && parse(readFileSync(resolve(datasources, 'prometheus.yml'), 'utf8'));
  const repositorySource = parse(
    readFileSync(resolve(repositoryProvisioning, 'datasources/prometheus.yml'), 'utf8'),
  );
  const url = `http://prometheus:${PROMETHEUS_PORT}`;
  const wanted = { ...repositorySource, datasources: [{ ...repositorySource.datasources[0], url }] };
  if (!isDeepStrictEqual(composeSource, wanted))
    problems.push(`service grafana: its data source must be deploy/grafana/provisioning's with url ${url}`);
  return problems;
}

/** The brokers' address on the compose network: kafka's advertised listener named after the service. */
function internalBrokers(compose: Compose): string | undefined {
  const listeners = String(environment(compose.services.kafka ?? {}).KAFKA_ADVERTISED_LISTENERS ?? '');
  return listeners
    .split(',')
    .map((listener) => listener.split('://')[1])
    .find((address) => address?.startsWith('kafka:'));
}

function environment(service: ComposeService): Record<string, string> {
  if (Array.isArray(service.environment)) throw new Error('write environment as a map (NAME: value)');
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([name, value]) => [name, String(value)]),
  );
}

function dependsOn(service: ComposeService, dependency: string, condition: string): boolean {
  const dependsOn = service.depends_on;
  return !Array.isArray(dependsOn) && dependsOn?.[dependency]?.condition === condition;
}

/** The host path a bind mount of `service` puts at `target` (sources relative to the compose file's folder). */
function hostPath(service: ComposeService, target: string): string | undefined {
  for (const volume of service.volumes ?? []) {
    const [source, mountTarget] = volume.split(':');
    if (!source.startsWith('.')) continue;
    if (target === mountTarget) return resolve(COMPOSE_DIR, source);
    if (target.startsWith(`${mountTarget}/`))
      return resolve(COMPOSE_DIR, source, target.slice(mountTarget.length + 1));
  }
  return undefined;
}
