import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/**
 * A kustomize build of exactly the features deploy/k8s uses (there is no kustomize binary or Go on CI):
 * `resources` (files and folders with a kustomization), `namespace`, `images` (name, newName, newTag) and
 * `patches` (RFC 6902 operations add, replace and remove, inline or from a file, with a target of kind and
 * optionally name). Anything else fails by name, so that an overlay cannot use a feature this renderer
 * would silently ignore. Where kubectl is installed, the test compares this with `kubectl kustomize`.
 */

const REPOSITORY = resolve(__dirname, '../..');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

const KUSTOMIZATION_FIELDS = ['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches'];
const PATCH_FIELDS = ['path', 'patch', 'target'];
const TARGET_FIELDS = ['kind', 'name'];
const IMAGE_FIELDS = ['name', 'newName', 'newTag'];
const OPERATIONS = ['add', 'replace', 'remove'];
/** Kinds kustomize leaves without a namespace; none is used, but a namespace must never be forced on them. */
const CLUSTER_SCOPED = ['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ClusterTriggerAuthentication'];

interface Kustomization {
  resources?: string[];
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { path?: string; patch?: string; target: { kind: string; name?: string } }[];
}

interface Operation {
  op: string;
  path: string;
  value?: unknown;
}

/** Renders the kustomization in `folder` (relative to the repository or absolute). */
export function renderKustomization(folder: string): K8sObject[] {
  const dir = resolve(REPOSITORY, folder);
  const file = join(dir, 'kustomization.yaml');
  const where = relative(REPOSITORY, file);
  const kustomization = parse(readFileSync(file, 'utf8')) as Kustomization;
  refuseUnknown(where, kustomization, KUSTOMIZATION_FIELDS);

  let objects = (kustomization.resources ?? []).flatMap((entry) => {
    const path = resolve(dir, entry);
    return statSync(path).isDirectory() ? renderKustomization(path) : readObjects(path);
  });
  refuseDuplicates(where, objects);
  const namespace = kustomization.namespace;
  if (namespace !== undefined)
    objects = objects.map((object) =>
      CLUSTER_SCOPED.includes(object.kind)
        ? object
        : { ...object, metadata: { ...object.metadata, namespace } },
    );
  for (const [index, entry] of (kustomization.patches ?? []).entries()) {
    const at = `${where} patches[${index}]`;
    refuseUnknown(at, entry, PATCH_FIELDS);
    refuseUnknown(`${at}.target`, entry.target ?? {}, TARGET_FIELDS);
    if (!entry.target?.kind) throw new Error(`${at}: a target with a kind is required`);
    const operations = patchOperations(at, dir, entry);
    const matches = objects.filter(
      (object) =>
        object.kind === entry.target.kind &&
        (entry.target.name === undefined || object.metadata.name === entry.target.name),
    );
    if (matches.length === 0)
      throw new Error(`${at}: its target ${JSON.stringify(entry.target)} matches nothing`);
    objects = objects.map((object) =>
      matches.includes(object)
        ? applyOperations(`${at} on ${kindAndName(object)}`, object, operations)
        : object,
    );
  }
  for (const [index, image] of (kustomization.images ?? []).entries()) {
    refuseUnknown(`${where} images[${index}]`, image, IMAGE_FIELDS);
    objects = objects.map((object) => withImage(object, image));
  }
  return objects;
}

export function kindAndName(object: K8sObject): string {
  return `${object.kind} ${object.metadata.name}`;
}

/** The YAML documents of a file as objects; every one needs an apiVersion, a kind and a name. */
export function readObjects(path: string): K8sObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null)
    .map((object) => {
      if (!object.apiVersion || !object.kind || !object.metadata?.name)
        throw new Error(
          `${relative(REPOSITORY, path)}: a document without apiVersion, kind or metadata.name`,
        );
      return object;
    });
}

function refuseUnknown(where: string, value: object, known: string[]): void {
  const unknown = Object.keys(value).filter((field) => !known.includes(field));
  if (unknown.length > 0)
    throw new Error(
      `${where}: ${unknown.join(', ')} not supported by test/support/deploy-manifests-kustomize.ts (supported: ${known.join(', ')})`,
    );
}

function refuseDuplicates(where: string, objects: K8sObject[]): void {
  const seen = new Set<string>();
  for (const object of objects) {
    const id = kindAndName(object);
    if (seen.has(id)) throw new Error(`${where}: ${id} is defined twice`);
    seen.add(id);
  }
}

function patchOperations(at: string, dir: string, entry: { path?: string; patch?: string }): Operation[] {
  if ((entry.path === undefined) === (entry.patch === undefined))
    throw new Error(`${at}: give either path or patch`);
  const text = entry.patch ?? readFileSync(resolve(dir, entry.path as string), 'utf8');
  const operations = parse(text) as unknown;
  if (!Array.isArray(operations))
    throw new Error(`${at}: only RFC 6902 patches (a list of operations) are supported, not strategic merge`);
  for (const operation of operations as Operation[]) {
    if (!OPERATIONS.includes(operation.op))
      throw new Error(
        `${at}: operation ${JSON.stringify(operation.op)} is not one of ${OPERATIONS.join(', ')}`,
      );
    refuseUnknown(`${at} ${operation.op} ${operation.path}`, operation, ['op', 'path', 'value']);
  }
  return operations as Operation[];
}

/** RFC 6902 on a copy: add (a new key, a list index or `-` to append), replace and remove an existing value. */
function applyOperations(at: string, object: K8sObject, operations: Operation[]): K8sObject {
  const copy = structuredClone(object);
  for (const { op, path, value } of operations) {
    const keys = path
      .split('/')
      .slice(1)
      .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = keys.pop() as string;
    let parent: unknown = copy;
    for (const key of keys) {
      parent = (parent as Record<string, unknown>)?.[key];
      if (typeof parent !== 'object' || parent === null)
        throw new Error(`${at}: ${op} ${path}: ${key} does not exist`);
    }
    const exists = Array.isArray(parent) ? Number(last) < parent.length : last in (parent as object);
    if (op !== 'add' && !exists) throw new Error(`${at}: ${op} ${path}: nothing there`);
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (!Number.isInteger(index) || index > parent.length)
        throw new Error(`${at}: ${op} ${path}: bad index`);
      if (op === 'add') parent.splice(index, 0, structuredClone(value));
      else if (op === 'replace') parent[index] = structuredClone(value);
      else parent.splice(index, 1);
    } else {
      const map = parent as Record<string, unknown>;
      if (op === 'remove') delete map[last];
      else map[last] = structuredClone(value);
    }
  }
  return copy;
}

/** kustomize's images: every container image named `name` gets newName and/or newTag. */
function withImage(object: K8sObject, image: { name: string; newName?: string; newTag?: string }): K8sObject {
  const pod = (object.spec as { template?: { spec?: PodSpec } } | undefined)?.template?.spec;
  if (!pod) return object;
  const copy = structuredClone(object);
  const copiedPod = (copy.spec as { template: { spec: PodSpec } }).template.spec;
  for (const container of [...(copiedPod.containers ?? []), ...(copiedPod.initContainers ?? [])]) {
    const [name, tag] = splitImage(container.image);
    if (name !== image.name) continue;
    const newTag = image.newTag ?? tag;
    container.image = `${image.newName ?? name}${newTag === undefined ? '' : `:${newTag}`}`;
  }
  return copy;
}

interface PodSpec {
  containers?: { image: string }[];
  initContainers?: { image: string }[];
}

/** `registry:5000/riptide:1.0` → [`registry:5000/riptide`, `1.0`]; a colon before the last slash is a port. */
function splitImage(image: string): [string, string | undefined] {
  const colon = image.lastIndexOf(':');
  if (colon === -1 || colon < image.lastIndexOf('/')) return [image, undefined];
  return [image.slice(0, colon), image.slice(colon + 1)];
}
