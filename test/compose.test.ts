import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPOSITORY } from './support/deploy-manifests-code';
import {
  composeProblems,
  readCompose,
  type Compose,
  type ComposeService,
} from './support/deploy-manifests-compose';

// There is no Docker engine on CI: the file is checked against the code, not started.
const compose = readCompose();

const promtool = (() => {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('deploy/docker-compose.yml', () => {
  it('matches the code: images, commands, environment, brokers, ports, health, Prometheus and Grafana', () => {
    expect(composeProblems(compose)).toEqual([]);
  });

  const scratch = mkdtempSync(join(tmpdir(), 'riptide-compose-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  it.skipIf(!promtool)("Prometheus's configuration is valid, rule files included (promtool)", () => {
    // The layout of the prometheus service's mounts: the configuration with rules/ beside it.
    cpSync(resolve(REPOSITORY, 'deploy/compose/prometheus/prometheus.yml'), join(scratch, 'prometheus.yml'));
    cpSync(resolve(REPOSITORY, 'deploy/prometheus/rules'), join(scratch, 'rules'), { recursive: true });
    execFileSync('promtool', ['check', 'config', 'prometheus.yml'], { cwd: scratch, stdio: 'pipe' });
  });
});

describe('each compose check fails on a broken copy', () => {
  const after = (name: string, change: (service: ComposeService) => void) => {
    const copy = structuredClone(compose) as Compose;
    change(copy.services[name]);
    return composeProblems(copy).join('\n');
  };
  const env = (service: ComposeService) => service.environment as Record<string, string>;

  it.each<[string, string, (service: ComposeService) => void, RegExp]>([
    [
      'another Kafka image',
      'kafka',
      (s) => (s.image = 'bitnami/kafka:4'),
      /service kafka: expected the official image/,
    ],
    [
      'a variable no code reads',
      'scorer',
      (s) => (env(s).KAFKA_TOPIC_PREFIX = 'x.'),
      /service scorer: env KAFKA_TOPIC_PREFIX is read by none of its code/,
    ],
    [
      'brokers on the host',
      'opinion',
      (s) => (env(s).KAFKA_BROKERS = '127.0.0.1:9092'),
      /service opinion: KAFKA_BROKERS is 127.0.0.1:9092, the kafka service listens at kafka:9092/,
    ],
    ['another role served', 'scorer', (s) => (s.command = ['serve', 'opinion']), /service scorer: command/],
    [
      'a healthcheck on another port',
      'api',
      (s) => (s.healthcheck = { test: ['CMD', 'true'] }),
      /service api: its healthcheck must ask \/ready on 8085/,
    ],
    [
      'a port the role does not listen on',
      'ingest',
      (s) => (s.ports = ['127.0.0.1:8081:8080']),
      /service ingest: publishes 127.0.0.1:8081:8080, but ingest listens on 8081/,
    ],
    [
      'another Dockerfile',
      'topics',
      (s) => (s.build = { context: '..', dockerfile: 'Containerfile' }),
      /service topics: build must be the repository's Dockerfile/,
    ],
    [
      'a database the postgres service does not hold',
      'api',
      (s) => (env(s).DATABASE_URL = 'postgres://riptide:riptide@postgres:5432/other'),
      /service api: DATABASE_URL is .*other, the postgres service gives/,
    ],
    [
      'no wait for the topics',
      'coordination-detect',
      (s) => delete (s.depends_on as Record<string, unknown>).topics,
      /service coordination-detect: must wait for the topics service/,
    ],
    [
      'keys outside a volume',
      'ingest',
      (s) => (s.volumes = []),
      /service ingest: RIPTIDE_API_KEYS_FILE \/var\/lib\/riptide\/api-keys.json is not in a volume/,
    ],
    [
      'Prometheus without its rules',
      'prometheus',
      (s) => (s.volumes = s.volumes?.filter((v) => !v.includes('rules'))),
      /service prometheus: rule file rules\/recording.yml is not mounted/,
    ],
    [
      'Grafana without the dashboards',
      'grafana',
      (s) => (s.volumes = s.volumes?.filter((v) => !v.includes('dashboards:'))),
      /service grafana: deploy\/grafana\/dashboards must be mounted at \/etc\/grafana\/dashboards\/riptide/,
    ],
  ])('%s', (_, service, change, expected) => {
    expect(after(service, change)).toMatch(expected);
  });
});
