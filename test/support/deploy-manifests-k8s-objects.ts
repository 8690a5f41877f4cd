import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { kindAndName, readObjects, type K8sObject } from './deploy-manifests-kustomize';

/** Typed views of the rendered objects the checks walk: pods, their containers and environment, selectors. */

export interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef } }[];
  envFrom?: { configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
}

export interface Volume {
  name: string;
  emptyDir?: object;
  configMap?: { name: string };
  secret?: { secretName: string; optional?: boolean };
}

export interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    containers: Container[];
    volumes?: Volume[];
    securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
    terminationGracePeriodSeconds?: number;
  };
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** The Deployments and Jobs: every object that runs Riptide's image. */
export function workloads(objects: K8sObject[]): K8sObject[] {
  return objects.filter((object) => object.kind === 'Deployment' || object.kind === 'Job');
}

export function podTemplate(workload: K8sObject): PodTemplate {
  return (workload.spec as { template: PodTemplate }).template;
}

/** Every pod of Riptide runs one container. */
export function mainContainer(workload: K8sObject): Container {
  const containers = podTemplate(workload).spec.containers;
  if (containers.length !== 1)
    throw new Error(`${kindAndName(workload)}: expected one container, found ${containers.length}`);
  return containers[0];
}

export function byKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((object) => object.kind === kind && object.metadata.name === name);
}

export function configMapData(objects: K8sObject[], name: string): Record<string, string> | undefined {
  return (find(objects, 'ConfigMap', name) as { data?: Record<string, string> } | undefined)?.data;
}

/** The deploy/k8s/secrets templates, by name: the keys each Secret must hold. */
export function secretTemplates(): Map<string, string[]> {
  const dir = resolve(__dirname, '../../deploy/k8s/secrets');
  return new Map(
    readdirSync(dir)
      .flatMap((file) => readObjects(resolve(dir, file)))
      .map((secret) => [secret.metadata.name, Object.keys((secret.stringData ?? {}) as object)]),
  );
}

/**
 * The variables a container gets and their values as far as the manifests know them: literal values and
 * ConfigMap keys; `undefined` for values that come from a Secret.
 */
export function containerEnv(objects: K8sObject[], container: Container): Map<string, string | undefined> {
  const env = new Map<string, string | undefined>();
  for (const source of container.envFrom ?? []) {
    if (source.secretRef)
      throw new Error(`envFrom secretRef ${source.secretRef.name}: name the keys one by one`);
    const name = source.configMapRef?.name as string;
    const data = configMapData(objects, name);
    if (!data) throw new Error(`envFrom names ConfigMap ${name}, which is not rendered`);
    for (const [key, value] of Object.entries(data)) env.set(key, value);
  }
  for (const variable of container.env ?? []) {
    const configMapRef = variable.valueFrom?.configMapKeyRef;
    env.set(
      variable.name,
      configMapRef ? configMapData(objects, configMapRef.name)?.[configMapRef.key] : variable.value,
    );
  }
  return env;
}

export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const matchLabels = Object.entries(selector.matchLabels ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
  return (
    matchLabels &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      if (operator === 'Exists') return key in labels;
      if (operator === 'DoesNotExist') return !(key in labels);
      if (operator === 'In') return values.includes(labels[key]);
      if (operator === 'NotIn') return !values.includes(labels[key]);
      throw new Error(`label selector operator ${operator} is unknown`);
    })
  );
}

/** The container port a probe, a Service or a PodMonitor names (by name or by number). */
export function resolvePort(container: Container, port: string | number): number | undefined {
  if (typeof port === 'number')
    return container.ports?.some((p) => p.containerPort === port) ? port : undefined;
  return container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}
