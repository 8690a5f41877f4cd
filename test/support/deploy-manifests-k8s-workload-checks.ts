import { Secret as SecretModel, ConfigMap, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { PodMonitor, PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { roleCapacity, sizing } from './deploy-manifests-capacity';
import type { CapacityFile } from '../../apps/cli/src/bench/scale/capacity-file';
import {
  envNameProblems,
  imageNodeOptions,
  roleHttpPort,
  rolePortVariable,
  rolePrometheusJob,
  ROLES,
  type Role,
} from './deploy-manifests-code';
import {
  byKind,
  containerEnv,
  mainContainer,
  podTemplate,
  resolvePort,
  selects,
  workloads,
  type LabelSelector,
} from './deploy-manifests-k8s-objects';
import { kindAndName, type K8sObject } from './deploy-manifests-kustomize';

/** Checks of the pods: schemas, what each runs, its port, probes, environment, security and size. */

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1 Deployment': Deployment,
  'batch/v1 Job': Job,
  'v1 Service': Service,
  'v1 ConfigMap': ConfigMap,
  'v1 Secret': SecretModel,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1 NetworkPolicy': NetworkPolicy,
  'keda.sh/v1alpha1 ScaledObject': ScaledObject,
  'keda.sh/v1alpha1 TriggerAuthentication': TriggerAuthentication,
  'monitoring.coreos.com/v1 PodMonitor': PodMonitor,
  'monitoring.coreos.com/v1 PrometheusRule': PrometheusRule,
};

/** Each object against the Kubernetes, KEDA or prometheus-operator schema of its kind. */
export function schemaProblems(objects: K8sObject[]): string[] {
  return objects.flatMap((object) => {
    const Model = MODELS[`${object.apiVersion} ${object.kind}`];
    if (!Model) return [`${kindAndName(object)}: no schema model for ${object.apiVersion} ${object.kind}`];
    try {
      new Model(object as never).validate();
      return [];
    } catch (error) {
      return [`${kindAndName(object)}: ${(error as Error).message}`];
    }
  });
}

/** Which code each workload runs: a Deployment per role, and the Job of `riptide topics apply`. */
export function workloadProblems(objects: K8sObject[]): string[] {
  const deployments = byKind(objects, 'Deployment').map((deployment) => deployment.metadata.name);
  const missing = ROLES.filter((role) => !deployments.includes(role)).map((role) => `no Deployment ${role}`);
  return [...missing, ...workloads(objects).flatMap((workload) => podProblems(objects, workload))];
}

function podProblems(objects: K8sObject[], workload: K8sObject): string[] {
  const at = kindAndName(workload);
  const role = workload.kind === 'Deployment' ? (workload.metadata.name as Role) : undefined;
  if (workload.kind === 'Deployment' && !ROLES.includes(role as Role))
    return [`${at}: not a role of riptide serve (${ROLES.join(', ')})`];
  const container = mainContainer(workload);
  const expectedArgs = role ? ['serve', role] : ['topics', 'apply'];
  const problems: string[] = [];
  if (JSON.stringify(container.args) !== JSON.stringify(expectedArgs))
    problems.push(`${at}: args ${JSON.stringify(container.args)}, expected ${JSON.stringify(expectedArgs)}`);
  if (!/(^|\/)riptide(:[\w.-]+)?$/.test(container.image))
    problems.push(`${at}: image ${container.image} is not the riptide image`);
  const env = containerEnv(objects, container);
  problems.push(...envNameProblems(at, role, [...env.keys()]));
  problems.push(...securityProblems(at, workload));
  if (role) problems.push(...httpProblems(at, role, workload, env));
  return problems;
}

/** Non-root, read-only root filesystem, /tmp writable. */
function securityProblems(at: string, workload: K8sObject): string[] {
  const pod = podTemplate(workload).spec;
  const container = mainContainer(workload);
  const problems: string[] = [];
  if (pod.securityContext?.runAsNonRoot !== true || pod.securityContext.runAsUser !== 10001)
    problems.push(`${at}: the pod must run as non-root uid 10001 (the image's user)`);
  if (container.securityContext?.readOnlyRootFilesystem !== true)
    problems.push(`${at}: the root filesystem must be read-only`);
  const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
  if (!tmp || !pod.volumes?.find((volume) => volume.name === tmp.name)?.emptyDir)
    problems.push(`${at}: /tmp must be an emptyDir (the root filesystem is read-only)`);
  return problems;
}

/** The role's port (the code's, given the env), its probes, and the scrape job label of its pods. */
function httpProblems(
  at: string,
  role: Role,
  workload: K8sObject,
  env: Map<string, string | undefined>,
): string[] {
  const container = mainContainer(workload);
  const portVariable = rolePortVariable(role);
  const expected = roleHttpPort(role, { [portVariable]: env.get(portVariable) });
  const problems: string[] = [];
  const http = resolvePort(container, 'http');
  if (http !== expected) problems.push(`${at}: port http is ${http}, the code binds ${expected}`);
  const probes = {
    startupProbe: '/health',
    livenessProbe: '/health',
    readinessProbe: '/ready',
  } as const;
  for (const [probe, path] of Object.entries(probes)) {
    const httpGet = container[probe as keyof typeof probes]?.httpGet;
    if (httpGet?.path !== path || resolvePort(container, httpGet.port) !== expected)
      problems.push(`${at}: ${probe} must GET ${path} on port ${expected}, got ${JSON.stringify(httpGet)}`);
  }
  const job = podTemplate(workload).metadata.labels['riptide/prometheus-job'];
  if (job !== rolePrometheusJob(role))
    problems.push(
      `${at}: pod label riptide/prometheus-job is ${job}, the scrape job is ${rolePrometheusJob(role)}`,
    );
  return problems;
}

/**
 * Requests and limits from deploy/capacity.json (deploy/k8s/base/kustomization.yaml has the formulae), and
 * the heap size that goes with the memory limit. `cpuRequest` overrides the CPU request (dev's laptop).
 */
export function sizingProblems(objects: K8sObject[], capacity: CapacityFile, cpuRequest?: string): string[] {
  return byKind(objects, 'Deployment').flatMap((deployment) => {
    const at = kindAndName(deployment);
    const expected = sizing(roleCapacity(capacity, deployment.metadata.name));
    const container = mainContainer(deployment);
    const wanted = {
      requests: { ...expected.requests, ...(cpuRequest && { cpu: cpuRequest }) },
      limits: expected.limits,
    };
    const problems: string[] = [];
    for (const bound of ['requests', 'limits'] as const)
      for (const resource of ['cpu', 'memory'] as const) {
        const actual = container.resources?.[bound]?.[resource];
        if (actual !== wanted[bound][resource])
          problems.push(
            `${at}: resources.${bound}.${resource} is ${actual}, deploy/capacity.json gives ${wanted[bound][resource]}`,
          );
      }
    const nodeOptions = containerEnv(objects, container).get('NODE_OPTIONS');
    const wantedOptions = [imageNodeOptions(), `--max-old-space-size=${expected.heapMiB}`]
      .filter(Boolean)
      .join(' ');
    if (nodeOptions !== wantedOptions)
      problems.push(
        `${at}: NODE_OPTIONS is ${nodeOptions}, expected ${wantedOptions} (the image's, then the heap)`,
      );
    return problems;
  });
}

/** A PodDisruptionBudget per Deployment, and the cluster role's standby kept through a drain. */
export function disruptionProblems(objects: K8sObject[]): string[] {
  const budgets = byKind(objects, 'PodDisruptionBudget') as (K8sObject & {
    spec: { selector: LabelSelector; maxUnavailable?: number; minAvailable?: number };
  })[];
  return byKind(objects, 'Deployment').flatMap((deployment) => {
    const at = kindAndName(deployment);
    const labels = podTemplate(deployment).metadata.labels;
    const budget = budgets.find((candidate) => selects(candidate.spec.selector, labels));
    if (!budget) return [`${at}: no PodDisruptionBudget selects its pods`];
    const replicas = (deployment.spec as { replicas?: number }).replicas ?? 1;
    const kept = budget.spec.minAvailable ?? replicas - (budget.spec.maxUnavailable ?? 0);
    if (deployment.metadata.name === 'coordination-cluster' && replicas > 1 && kept < 1)
      return [`${at}: its PodDisruptionBudget lets a drain take both the active member and the standby`];
    return [];
  });
}
