import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lagThreshold, roleCapacity } from './deploy-manifests-capacity';
import type { CapacityFile } from '../../apps/cli/src/bench/scale/capacity-file';
import {
  partitionsLoadedBy,
  partitionsOf,
  REPOSITORY,
  roleConsumerGroup,
  roleHttpPort,
  roleInputTopics,
  rolePrometheusJob,
  type Role,
} from './deploy-manifests-code';
import {
  byKind,
  configMapData,
  containerEnv,
  find,
  mainContainer,
  podTemplate,
  resolvePort,
  secretTemplates,
  selects,
  workloads,
  type Container,
  type LabelSelector,
} from './deploy-manifests-k8s-objects';
import { kindAndName, type K8sObject } from './deploy-manifests-kustomize';
import { repositoryRuleGroups } from './deploy-manifests-prometheus-rule';

/** Checks of what surrounds the pods: KEDA, monitoring, network policies, configuration files, secrets. */

const LAG_SCALED_ROLES: Role[] = ['scorer', 'coordination-detect', 'opinion'];
/** Keyed by topic id (topic-catalog.ts): only the partitions the tracked topics hash to carry messages. */
const KEYED_BY_TRACKED_TOPIC = 'stance.observations';
/** KEDA's names of the mechanisms of KAFKA_SASL_MECHANISM (libs/stream/src/config/kafka-security.ts). */
const KEDA_SASL: Record<string, string> = {
  PLAIN: 'plaintext',
  'SCRAM-SHA-256': 'scram_sha256',
  'SCRAM-SHA-512': 'scram_sha512',
};
const POSTGRESQL_PORT = 5432;
/** The namespace Prometheus scrapes from (deploy/k8s/base/network/http-ingress.yaml). */
const MONITORING_NAMESPACE = 'monitoring';

interface KafkaTrigger {
  type: string;
  metadata: Record<string, string>;
  authenticationRef?: { name: string };
}

type ScaledObject = K8sObject & {
  metadata: { annotations?: Record<string, string> };
  spec: {
    scaleTargetRef: { name: string };
    minReplicaCount?: number;
    maxReplicaCount?: number;
    triggers: KafkaTrigger[];
  };
};

/** The ScaledObjects against the code (groups, topics, partitions) and deploy/capacity.json (lagThreshold). */
export function scalingProblems(
  objects: K8sObject[],
  capacity: CapacityFile,
  trackedTopicIds: string[],
): string[] {
  const scaled = byKind(objects, 'ScaledObject') as ScaledObject[];
  const targets = scaled.map((object) => object.spec.scaleTargetRef.name);
  const problems = [
    ...LAG_SCALED_ROLES.filter((role) => !targets.includes(role)).map(
      (role) => `no ScaledObject for ${role}`,
    ),
    ...byKind(objects, 'HorizontalPodAutoscaler').map((hpa) => `${kindAndName(hpa)}: scaling is KEDA's only`),
  ];
  return [
    ...problems,
    ...scaled.flatMap((object) => scaledObjectProblems(objects, object, capacity, trackedTopicIds)),
  ];
}

function scaledObjectProblems(
  objects: K8sObject[],
  object: ScaledObject,
  capacity: CapacityFile,
  trackedTopicIds: string[],
): string[] {
  const at = kindAndName(object);
  const role = object.spec.scaleTargetRef.name as Role;
  const deployment = find(objects, 'Deployment', role);
  if (!deployment || !LAG_SCALED_ROLES.includes(role))
    return [`${at}: scales ${role}, which is not a role that scales on lag (${LAG_SCALED_ROLES.join(', ')})`];
  if (object.spec.triggers.length !== 1 || object.spec.triggers[0].type !== 'kafka')
    return [`${at}: expected one kafka trigger`];
  const trigger = object.spec.triggers[0].metadata;
  const env = containerEnv(objects, mainContainer(deployment));
  const prefix = env.get('RIPTIDE_TOPIC_PREFIX') ?? '';
  const [input, ...more] = roleInputTopics(role);
  const problems: string[] = [];
  if (more.length > 0) problems.push(`${at}: ${role} reads several topics; one trigger per topic is needed`);
  const expected: Record<string, string | undefined> = {
    bootstrapServers: env.get('KAFKA_BROKERS'),
    consumerGroup: `${prefix}${roleConsumerGroup(role, Object.fromEntries(env))}`,
    topic: `${prefix}${input}`,
    lagThreshold: String(lagThreshold(roleCapacity(capacity, role), Number(targetLagSeconds(object)))),
    // The consumers start a new group at the earliest offset (libs/stream BatchConsumer's fromBeginning).
    offsetResetPolicy: 'earliest',
  };
  for (const [field, value] of Object.entries(expected))
    if (trigger[field] !== value)
      problems.push(`${at}: trigger ${field} is ${trigger[field]}, expected ${value}`);
  const partitions =
    input === KEYED_BY_TRACKED_TOPIC ? partitionsLoadedBy(input, trackedTopicIds) : partitionsOf(input);
  const { minReplicaCount = 0, maxReplicaCount = 100 } = object.spec;
  if (maxReplicaCount > partitions)
    problems.push(
      `${at}: maxReplicaCount ${maxReplicaCount} exceeds the ${partitions} partitions ${input} can keep busy`,
    );
  if (minReplicaCount < 1)
    problems.push(`${at}: minReplicaCount must be at least 1 (a new member replays its state)`);
  if ((deployment.spec as { replicas?: number }).replicas !== undefined)
    problems.push(`${kindAndName(deployment)}: sets replicas, which KEDA owns (every apply would reset it)`);
  return [...problems, ...kafkaSecurityProblems(objects, object, env)];
}

function targetLagSeconds(object: ScaledObject): string | undefined {
  return object.metadata.annotations?.['riptide/target-lag-seconds'];
}

/** KEDA reads the lag with the security the pods use: the same SASL mechanism, TLS, and credentials. */
function kafkaSecurityProblems(
  objects: K8sObject[],
  object: ScaledObject,
  env: Map<string, string | undefined>,
): string[] {
  const at = kindAndName(object);
  const trigger = object.spec.triggers[0];
  const mechanism = env.get('KAFKA_SASL_MECHANISM')?.toUpperCase();
  const tls = env.get('KAFKA_SSL') === 'true';
  const problems: string[] = [];
  const sasl = mechanism ? KEDA_SASL[mechanism] : undefined;
  if (trigger.metadata.sasl !== sasl)
    problems.push(
      `${at}: trigger sasl is ${trigger.metadata.sasl}, the pods use KAFKA_SASL_MECHANISM=${mechanism}`,
    );
  if (trigger.metadata.tls !== (tls ? 'enable' : undefined))
    problems.push(
      `${at}: trigger tls is ${trigger.metadata.tls}, the pods use KAFKA_SSL=${env.get('KAFKA_SSL')}`,
    );
  if (!sasl && !tls) return problems;
  const authentication =
    trigger.authenticationRef && find(objects, 'TriggerAuthentication', trigger.authenticationRef.name);
  const parameters = (
    (authentication?.spec as { secretTargetRef?: { parameter: string }[] })?.secretTargetRef ?? []
  ).map((reference) => reference.parameter);
  const needed = [...(sasl ? ['username', 'password'] : []), ...(env.get('KAFKA_SSL_CA_FILE') ? ['ca'] : [])];
  for (const parameter of needed)
    if (!parameters.includes(parameter))
      problems.push(
        `${at}: its TriggerAuthentication gives no ${parameter} (authenticationRef ${trigger.authenticationRef?.name})`,
      );
  return problems;
}

/** PodMonitors scrape every role on its port and path with the job of deploy/prometheus/prometheus.yml. */
export function monitoringProblems(objects: K8sObject[]): string[] {
  const monitors = byKind(objects, 'PodMonitor') as (K8sObject & {
    spec: {
      selector: LabelSelector;
      jobLabel?: string;
      podMetricsEndpoints: { port: string; path?: string }[];
    };
  })[];
  const podProblems = byKind(objects, 'Deployment').flatMap((deployment) => {
    const at = kindAndName(deployment);
    const role = deployment.metadata.name as Role;
    const labels = podTemplate(deployment).metadata.labels;
    const selecting = monitors.filter((monitor) => selects(monitor.spec.selector, labels));
    if (selecting.length !== 1) return [`${at}: ${selecting.length} PodMonitors select its pods, expected 1`];
    const [monitor] = selecting;
    const problems: string[] = [];
    const job = monitor.spec.jobLabel ? labels[monitor.spec.jobLabel] : undefined;
    if (job !== rolePrometheusJob(role))
      problems.push(
        `${at}: ${kindAndName(monitor)} gives job ${job}, the rules expect ${rolePrometheusJob(role)}`,
      );
    for (const endpoint of monitor.spec.podMetricsEndpoints) {
      const port = resolvePort(mainContainer(deployment), endpoint.port);
      if (port !== roleHttpPort(role) || endpoint.path !== '/metrics')
        problems.push(
          `${at}: ${kindAndName(monitor)} scrapes ${endpoint.port} (${port}) ${endpoint.path}, expected /metrics on ${roleHttpPort(role)}`,
        );
    }
    return problems;
  });
  const rules = byKind(objects, 'PrometheusRule');
  if (rules.length !== 1) return [...podProblems, `${rules.length} PrometheusRules, expected 1`];
  const groups = (rules[0].spec as { groups: unknown[] }).groups;
  return isDeepStrictEqual(groups, repositoryRuleGroups())
    ? podProblems
    : [...podProblems, `${kindAndName(rules[0])}: its groups differ from deploy/prometheus/rules`];
}

interface NetworkPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: object;
}
interface NetworkRule {
  ports?: { protocol?: string; port?: string | number }[];
  from?: NetworkPeer[];
  to?: NetworkPeer[];
}
type NetworkPolicy = K8sObject & {
  spec: {
    podSelector: LabelSelector;
    policyTypes: string[];
    ingress?: NetworkRule[];
    egress?: NetworkRule[];
  };
};

/** Default deny, then exactly what each pod needs: DNS, the brokers, PostgreSQL for the api, scrapes, clients. */
export function networkProblems(objects: K8sObject[]): string[] {
  const policies = byKind(objects, 'NetworkPolicy') as NetworkPolicy[];
  return workloads(objects).flatMap((workload) => {
    const at = kindAndName(workload);
    const labels = podTemplate(workload).metadata.labels;
    const container = mainContainer(workload);
    const mine = policies.filter((policy) => selects(policy.spec.podSelector, labels));
    const problems: string[] = [];
    const denied = mine.some(
      (policy) =>
        ['Ingress', 'Egress'].every((type) => policy.spec.policyTypes.includes(type)) &&
        !policy.spec.ingress &&
        !policy.spec.egress,
    );
    if (!denied) problems.push(`${at}: no default-deny NetworkPolicy selects its pods`);
    const egress = (protocol: string, port: number, why: string) => {
      if (!allows(mine, 'egress', container, protocol, port, () => true))
        problems.push(`${at}: no NetworkPolicy lets it reach ${why} (${protocol} ${port})`);
    };
    egress('UDP', 53, 'DNS');
    for (const broker of containerEnv(objects, container).get('KAFKA_BROKERS')?.split(',') ?? [])
      egress('TCP', Number(broker.split(':').at(-1)), `Kafka at ${broker.trim()}`);
    if (workload.kind !== 'Deployment') return problems;
    const role = workload.metadata.name as Role;
    if (role === 'api') egress('TCP', POSTGRESQL_PORT, 'PostgreSQL');
    const port = roleHttpPort(role);
    const fromMonitoring = (peer: NetworkPeer) =>
      peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === MONITORING_NAMESPACE;
    if (!allows(mine, 'ingress', container, 'TCP', port, fromMonitoring))
      problems.push(`${at}: Prometheus (namespace ${MONITORING_NAMESPACE}) may not scrape port ${port}`);
    const fromNamespace = (peer: NetworkPeer) =>
      !peer.namespaceSelector && isDeepStrictEqual(peer.podSelector, {});
    if (
      (role === 'ingest' || role === 'api') &&
      !allows(mine, 'ingress', container, 'TCP', port, fromNamespace)
    )
      problems.push(`${at}: clients in its namespace may not reach port ${port}`);
    return problems;
  });
}

/** Whether a rule of `policies` in `direction` lets `protocol`/`port` through for a peer `peer` accepts. */
function allows(
  policies: NetworkPolicy[],
  direction: 'ingress' | 'egress',
  container: Container,
  protocol: string,
  port: number,
  peer: (peer: NetworkPeer) => boolean,
): boolean {
  return policies.some((policy) =>
    (policy.spec[direction] ?? []).some((rule) => {
      const peers = direction === 'ingress' ? rule.from : rule.to;
      const peerAllowed = !peers || peers.some(peer);
      const portAllowed =
        !rule.ports ||
        rule.ports.some(
          (candidate) =>
            (candidate.protocol ?? 'TCP') === protocol &&
            (candidate.port === undefined ||
              // A named port is the pod's own (ingress); egress names numbers.
              (typeof candidate.port === 'number'
                ? candidate.port
                : resolvePort(container, candidate.port)) === port),
        );
      return peerAllowed && portAllowed;
    }),
  );
}

/** The mounted configuration files equal the repository's, and every file a variable names is mounted. */
export function configFileProblems(objects: K8sObject[]): string[] {
  const files = configMapData(objects, 'riptide-config-files') ?? {};
  const problems = ['topics.json', 'population.json']
    .filter((name) => !isDeepStrictEqual(JSON.parse(files[name] ?? 'null'), repositoryJson(`config/${name}`)))
    .map((name) => `ConfigMap riptide-config-files: ${name} differs from config/${name}; copy it again`);
  const secrets = secretTemplates();
  for (const workload of workloads(objects)) {
    const container = mainContainer(workload);
    const volumes = podTemplate(workload).spec.volumes ?? [];
    for (const [name, value] of containerEnv(objects, container)) {
      if (!value?.startsWith('/etc/')) continue;
      const mount = container.volumeMounts?.find((candidate) => value.startsWith(`${candidate.mountPath}/`));
      const volume = volumes.find((candidate) => candidate.name === mount?.name);
      const key = mount ? value.slice(mount.mountPath.length + 1) : '';
      const keys = volume?.configMap
        ? Object.keys(configMapData(objects, volume.configMap.name) ?? {})
        : (secrets.get(volume?.secret?.secretName ?? '') ?? []);
      if (!keys.includes(key))
        problems.push(`${kindAndName(workload)}: ${name}=${value} is no file of a mounted volume`);
    }
  }
  return problems;
}

function repositoryJson(path: string): unknown {
  return JSON.parse(readFileSync(resolve(REPOSITORY, path), 'utf8'));
}

/** Every Secret and key the manifests name has a template in deploy/k8s/secrets. */
export function secretProblems(objects: K8sObject[]): string[] {
  const templates = secretTemplates();
  const references: { at: string; name: string; key?: string }[] = [];
  for (const workload of workloads(objects)) {
    const at = kindAndName(workload);
    for (const variable of mainContainer(workload).env ?? [])
      if (variable.valueFrom?.secretKeyRef) references.push({ at, ...variable.valueFrom.secretKeyRef });
    for (const volume of podTemplate(workload).spec.volumes ?? [])
      if (volume.secret) references.push({ at, name: volume.secret.secretName });
  }
  for (const authentication of byKind(objects, 'TriggerAuthentication'))
    for (const reference of (authentication.spec as { secretTargetRef: { name: string; key: string }[] })
      .secretTargetRef)
      references.push({ at: kindAndName(authentication), ...reference });
  return references
    .filter(
      ({ name, key }) => !templates.get(name) || (key !== undefined && !templates.get(name)?.includes(key)),
    )
    .map(
      ({ at, name, key }) =>
        `${at}: Secret ${name}${key ? ` key ${key}` : ''} has no template in deploy/k8s/secrets`,
    );
}
