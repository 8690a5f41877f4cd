import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kafkaConnectionFromEnv } from '@riptide/stream';
import { ROLE_NAMES } from '../apps/cli/src/serve/serve-roles';
import { makeTestCertificates } from '../libs/stream/src/kafka/security/test-certificates';
import { readCapacity } from './support/deploy-manifests-capacity';
import { REPOSITORY, roleHttpPort, ROLES, type Role } from './support/deploy-manifests-code';
import {
  byKind,
  configMapData,
  containerEnv,
  find,
  mainContainer,
  workloads,
} from './support/deploy-manifests-k8s-objects';
import {
  configFileProblems,
  monitoringProblems,
  networkProblems,
  scalingProblems,
  secretProblems,
} from './support/deploy-manifests-k8s-platform-checks';
import {
  disruptionProblems,
  schemaProblems,
  sizingProblems,
  workloadProblems,
} from './support/deploy-manifests-k8s-workload-checks';
import { readObjects, renderKustomization, type K8sObject } from './support/deploy-manifests-kustomize';
import { prometheusRuleYaml } from './support/deploy-manifests-prometheus-rule';

const capacity = readCapacity();
const trackedTopicIds = (
  JSON.parse(readFileSync(resolve(REPOSITORY, 'config/topics.json'), 'utf8')) as { topics: { id: string }[] }
).topics.map((topic) => topic.id);

const RENDERS = [
  { name: 'base', dir: 'deploy/k8s/base' },
  // dev requests 100m CPU per pod so that it fits a laptop (deploy/k8s/overlays/dev).
  { name: 'dev', dir: 'deploy/k8s/overlays/dev', cpuRequest: '100m' },
  { name: 'production', dir: 'deploy/k8s/overlays/production' },
];

/** Every check, for one render: the problems it finds, each naming the object and the field. */
function problems(objects: K8sObject[], cpuRequest?: string): string[] {
  return [
    ...schemaProblems(objects),
    ...workloadProblems(objects),
    ...sizingProblems(objects, capacity, cpuRequest),
    ...disruptionProblems(objects),
    ...scalingProblems(objects, capacity, trackedTopicIds),
    ...monitoringProblems(objects),
    ...networkProblems(objects),
    ...configFileProblems(objects),
    ...secretProblems(objects),
  ];
}

// Stand-ins for the files of mounted Secrets, so that the code can read the Kafka settings as a pod would.
const scratch = mkdtempSync(join(tmpdir(), 'riptide-k8s-manifests-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let standIns: Record<string, string> = {};
beforeAll(() => {
  writeFileSync(join(scratch, 'sasl-password'), 'stand-in\n');
  standIns = {
    KAFKA_SSL_CA_FILE: makeTestCertificates(scratch).caFile,
    KAFKA_SASL_PASSWORD_FILE: join(scratch, 'sasl-password'),
    KAFKA_SASL_USERNAME: 'stand-in',
  };
});

/** A pod's environment with stand-ins for what comes from Secrets (dropped when the Secret is optional and unused). */
function podEnv(objects: K8sObject[], workload: K8sObject): Record<string, string> {
  const env = containerEnv(objects, mainContainer(workload));
  const sasl = Boolean(env.get('KAFKA_SASL_MECHANISM'));
  return Object.fromEntries(
    [...env]
      .map(([name, value]) => [
        name,
        name in standIns && (value !== undefined || sasl) ? standIns[name] : value,
      ])
      .filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

describe.each(RENDERS)('deploy/k8s $name', ({ dir, cpuRequest }) => {
  const objects = renderKustomization(dir);

  it('passes every check against the schemas, the code and deploy/capacity.json', () => {
    expect(problems(objects, cpuRequest)).toEqual([]);
  });

  it("gives every pod an environment its code accepts (the role's config, the Kafka settings)", () => {
    for (const workload of workloads(objects)) {
      const env = podEnv(objects, workload);
      if (workload.kind === 'Job') expect(() => kafkaConnectionFromEnv('topics', env)).not.toThrow();
      else expect(() => roleHttpPort(workload.metadata.name as Role, env)).not.toThrow();
    }
  });

  it('runs the image `riptide`, with a tag in the overlays', () => {
    const images = new Set(workloads(objects).map((workload) => mainContainer(workload).image));
    expect(images.size).toBe(1);
    const [image] = images;
    if (dir.endsWith('base')) expect(image).toBe('riptide');
    else expect(image).toMatch(/\/riptide:[\w.-]+$/);
  });
});

it("deploys every role of riptide serve but the combined coordination role (the demo's)", () => {
  expect(ROLE_NAMES.filter((name) => name !== 'coordination').sort()).toEqual([...ROLES].sort());
});

describe('deploy/k8s overlays', () => {
  const dev = renderKustomization('deploy/k8s/overlays/dev');
  const production = renderKustomization('deploy/k8s/overlays/production');
  const replicas = (objects: K8sObject[], name: string) =>
    (find(objects, 'Deployment', name)?.spec as { replicas?: number }).replicas;

  it('dev: one replica of everything, plain Kafka', () => {
    for (const scaled of byKind(dev, 'ScaledObject'))
      expect((scaled.spec as { maxReplicaCount: number }).maxReplicaCount).toBe(1);
    expect(replicas(dev, 'coordination-cluster')).toBe(1);
    expect(configMapData(dev, 'riptide-env')).not.toHaveProperty('KAFKA_SASL_MECHANISM');
  });

  it('production: SASL over TLS, a pinned release, the cluster role with its standby', () => {
    expect(configMapData(production, 'riptide-env')).toMatchObject({
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: expect.any(String),
    });
    expect(mainContainer(find(production, 'Deployment', 'scorer') as K8sObject).image).not.toMatch(
      /:latest$/,
    );
    expect(replicas(production, 'coordination-cluster')).toBe(2);
  });
});

describe('deploy/k8s files', () => {
  it('monitoring/prometheus-rule.yaml is generated from deploy/prometheus/rules', async () => {
    // On a difference, `npx vitest run test/k8s-manifests.test.ts -u` writes it anew (when the run ends:
    // the other checks of that run still read the old file).
    await expect(await prometheusRuleYaml()).toMatchFileSnapshot(
      '../deploy/k8s/base/monitoring/prometheus-rule.yaml',
    );
  });

  it('the Secret templates are valid Secrets', () => {
    const dir = resolve(REPOSITORY, 'deploy/k8s/secrets');
    const templates = readdirSync(dir).flatMap((file) => readObjects(join(dir, file)));
    expect(new Set(templates.map((template) => template.kind))).toEqual(new Set(['Secret']));
    expect(schemaProblems(templates)).toEqual([]);
  });

  const kubectl = (() => {
    try {
      execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!kubectl).each(RENDERS)('renders $name as `kubectl kustomize` does', ({ dir }) => {
    const theirs = parseAllDocuments(
      execFileSync('kubectl', ['kustomize', resolve(REPOSITORY, dir)], { encoding: 'utf8' }),
    ).map((document) => document.toJS() as K8sObject);
    const byId = (objects: K8sObject[]) =>
      Object.fromEntries(objects.map((object) => [`${object.kind} ${object.metadata.name}`, object]));
    expect(byId(renderKustomization(dir))).toEqual(byId(theirs));
  });

  it('the renderer refuses kustomize features it does not implement', () => {
    const dir = join(scratch, 'unsupported');
    mkdirSync(dir, { recursive: true });
    const write = (kustomization: object) =>
      writeFileSync(join(dir, 'kustomization.yaml'), JSON.stringify(kustomization));
    write({ resources: [], commonLabels: { a: 'b' } });
    expect(() => renderKustomization(dir)).toThrow(/commonLabels not supported/);
    write({ resources: [], patches: [{ patch: 'kind: Deployment', target: { kind: 'Deployment' } }] });
    expect(() => renderKustomization(dir)).toThrow(/not strategic merge/);
    write({
      resources: [],
      patches: [{ patch: '[]', target: { kind: 'Deployment', labelSelector: 'a=b' } }],
    });
    expect(() => renderKustomization(dir)).toThrow(/labelSelector not supported/);
  });
});

describe('each check fails on a broken copy of the base', () => {
  const base = renderKustomization('deploy/k8s/base');
  /** The problems found once `change` has broken one object of a copy of the base. */
  const after = (kind: string, name: string, change: (object: K8sObject) => void) => {
    const objects = structuredClone(base);
    const object = find(objects, kind, name);
    if (!object) throw new Error(`no ${kind} ${name}`);
    change(object);
    return problems(objects).join('\n');
  };
  const spec = <T>(object: K8sObject) => object.spec as T;
  const trigger = (object: K8sObject) =>
    spec<{ triggers: { metadata: Record<string, string> }[] }>(object).triggers[0].metadata;
  const ports = (object: K8sObject) => mainContainer(object).ports as { containerPort: number | string }[];
  const env = (object: K8sObject) => mainContainer(object).env as object[];

  it.each<[string, string, string, (object: K8sObject) => void, RegExp]>([
    [
      'a port of the wrong type',
      'Deployment',
      'scorer',
      (o) => (ports(o)[0].containerPort = 'http'),
      /Deployment scorer: .*containerPort must be integer/,
    ],
    [
      'a variable no code reads',
      'Deployment',
      'scorer',
      (o) => env(o).push({ name: 'KAFKA_TOPIC_PREFIX', value: 'x.' }),
      /Deployment scorer: env KAFKA_TOPIC_PREFIX is read by none of its code/,
    ],
    [
      "another role's variable",
      'Deployment',
      'opinion',
      (o) => env(o).push({ name: 'SCORER_TIER', value: 'small' }),
      /Deployment opinion: env SCORER_TIER/,
    ],
    [
      'a variable riptide serve sets itself',
      'Deployment',
      'coordination-detect',
      (o) => env(o).push({ name: 'COORDINATION_ROLE', value: 'detect' }),
      /Deployment coordination-detect: env COORDINATION_ROLE is not documented by `riptide serve coordination-detect --help`/,
    ],
    [
      'another port',
      'Deployment',
      'ingest',
      (o) => (ports(o)[0].containerPort = 9081),
      /Deployment ingest: port http is 9081, the code binds 8081/,
    ],
    [
      'readiness on /health',
      'Deployment',
      'api',
      (o) => {
        (mainContainer(o).readinessProbe?.httpGet as { path: string }).path = '/health';
      },
      /Deployment api: readinessProbe must GET \/ready/,
    ],
    [
      'another role served',
      'Deployment',
      'scorer',
      (o) => (mainContainer(o).args = ['serve', 'opinion']),
      /Deployment scorer: args/,
    ],
    [
      'a memory limit off the measurements',
      'Deployment',
      'opinion',
      (o) => {
        (mainContainer(o).resources?.limits as Record<string, string>).memory = '1Gi';
      },
      /Deployment opinion: resources.limits.memory is 1Gi/,
    ],
    [
      'a consumer group the code does not use',
      'ScaledObject',
      'scorer',
      (o) => (trigger(o).consumerGroup = 'scorers'),
      /ScaledObject scorer: trigger consumerGroup is scorers, expected scorer/,
    ],
    [
      'another topic',
      'ScaledObject',
      'coordination-detect',
      (o) => (trigger(o).topic = 'posts.raw'),
      /ScaledObject coordination-detect: trigger topic is posts.raw, expected shares/,
    ],
    [
      'a lagThreshold off the measurements',
      'ScaledObject',
      'opinion',
      (o) => (trigger(o).lagThreshold = '1000'),
      /ScaledObject opinion: trigger lagThreshold is 1000/,
    ],
    [
      'more replicas than partitions',
      'ScaledObject',
      'scorer',
      (o) => (spec<{ maxReplicaCount: number }>(o).maxReplicaCount = 7),
      /ScaledObject scorer: maxReplicaCount 7 exceeds the 6 partitions posts.raw/,
    ],
    [
      'more opinion replicas than loaded partitions',
      'ScaledObject',
      'opinion',
      (o) => (spec<{ maxReplicaCount: number }>(o).maxReplicaCount = 6),
      /ScaledObject opinion: maxReplicaCount 6 exceeds the \d partitions stance.observations can keep busy/,
    ],
    [
      'a budget that selects nothing',
      'PodDisruptionBudget',
      'api',
      (o) => (spec<{ selector: object }>(o).selector = { matchLabels: { app: 'none' } }),
      /Deployment api: no PodDisruptionBudget selects its pods/,
    ],
    [
      'a scrape of a port the pods lack',
      'PodMonitor',
      'riptide',
      (o) => (spec<{ podMetricsEndpoints: { port: string }[] }>(o).podMetricsEndpoints[0].port = 'metrics'),
      /PodMonitor riptide scrapes metrics \(undefined\)/,
    ],
    [
      'a rule edited in place',
      'PrometheusRule',
      'riptide',
      (o) => (spec<{ groups: { rules: { expr: string }[] }[] }>(o).groups[0].rules[0].expr = 'up'),
      /PrometheusRule riptide: its groups differ from deploy\/prometheus\/rules/,
    ],
    [
      'no way to Kafka',
      'NetworkPolicy',
      'riptide-kafka-egress',
      (o) => (spec<{ egress: object[] }>(o).egress = []),
      /Deployment scorer: no NetworkPolicy lets it reach Kafka/,
    ],
    [
      'no scrape from the monitoring namespace',
      'NetworkPolicy',
      'riptide-prometheus-scrape',
      (o) => (spec<{ ingress: object[] }>(o).ingress = []),
      /Deployment opinion: Prometheus \(namespace monitoring\) may not scrape port 8084/,
    ],
    [
      'a topic registry that drifted',
      'ConfigMap',
      'riptide-config-files',
      (o) => ((o.data as Record<string, string>)['topics.json'] = '{"schema": "topics/v1", "topics": []}'),
      /riptide-config-files: topics.json differs from config\/topics.json/,
    ],
    [
      'a Secret key without a template',
      'Deployment',
      'api',
      (o) => {
        const databaseUrl = mainContainer(o).env?.find((variable) => variable.name === 'DATABASE_URL');
        (databaseUrl?.valueFrom?.secretKeyRef as { key: string }).key = 'uri';
      },
      /Deployment api: Secret riptide-database key uri has no template/,
    ],
  ])('%s', (_, kind, name, change, expected) => {
    expect(after(kind, name, change)).toMatch(expected);
  });

  it('KEDA without the SASL the pods use (production)', () => {
    const objects = renderKustomization('deploy/k8s/overlays/production');
    const scaled = objects.find(
      (object) => object.kind === 'ScaledObject' && object.metadata.name === 'scorer',
    );
    delete (scaled?.spec as { triggers: { metadata: Record<string, string> }[] }).triggers[0].metadata.sasl;
    expect(problems(objects).join('\n')).toMatch(
      /ScaledObject scorer: trigger sasl is undefined, the pods use/,
    );
    const withoutAuthentication = objects.filter((object) => object.kind !== 'TriggerAuthentication');
    expect(problems(withoutAuthentication).join('\n')).toMatch(
      /ScaledObject opinion: its TriggerAuthentication gives no username/,
    );
  });

  it('resources against deploy/capacity.json (the NODE_OPTIONS heap with them)', () => {
    const objects = structuredClone(base);
    const scorer = find(objects, 'Deployment', 'scorer') as K8sObject;
    const env = mainContainer(scorer).env as { name: string; value?: string }[];
    (env.find((variable) => variable.name === 'NODE_OPTIONS') as { value: string }).value =
      '--max-old-space-size=4096';
    expect(sizingProblems(objects, capacity).join('\n')).toMatch(
      /Deployment scorer: NODE_OPTIONS is --max-old-space-size=4096, expected .*--max-old-space-size=\d+ \(the image's/,
    );
  });
});
