import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CapacityFile, RoleCapacity } from '../../apps/cli/src/bench/scale/capacity-file';

/**
 * deploy/capacity.json (written by `npx riptide bench --scale --capacity-out deploy/capacity.json`) and
 * the sizing the manifests derive from it; the formulae are documented in deploy/k8s/base/kustomization.yaml.
 */

const CAPACITY_FILE = resolve(__dirname, '../../deploy/capacity.json');

export function readCapacity(): CapacityFile {
  return JSON.parse(readFileSync(CAPACITY_FILE, 'utf8')) as CapacityFile;
}

export function roleCapacity(capacity: CapacityFile, role: string): RoleCapacity {
  const figures = capacity.roles[role];
  if (!figures) throw new Error(`deploy/capacity.json has no roles.${role}`);
  return figures;
}

/** The backlog one instance clears in `targetLagSeconds`. */
export function lagThreshold(figures: RoleCapacity, targetLagSeconds: number): number {
  return Math.round(figures.perInstance * targetLagSeconds);
}

export interface Sizing {
  readonly requests: { cpu: string; memory: string };
  readonly limits: { cpu: string; memory: string };
  /** NODE_OPTIONS --max-old-space-size, MiB. */
  readonly heapMiB: number;
}

const MEMORY_HEADROOM = 1.5;
const MEMORY_STEP_MIB = 64;
const HEAP_SHARE = 0.75;
const CPU_STEP_MILLICORES = 100;
const CPU_LIMIT_FACTOR = 2;

export function sizing(figures: RoleCapacity): Sizing {
  const memoryMiB = Math.ceil((figures.rssMiB * MEMORY_HEADROOM) / MEMORY_STEP_MIB) * MEMORY_STEP_MIB;
  // Whole millicores first, so that 0.3 cores does not become 301m through 0.30000000000000004.
  const millicores = Math.round(figures.cpuCores * 1000);
  const cpuRequest = Math.max(1, Math.ceil(millicores / CPU_STEP_MILLICORES)) * CPU_STEP_MILLICORES;
  return {
    requests: { cpu: `${cpuRequest}m`, memory: `${memoryMiB}Mi` },
    limits: { cpu: `${cpuRequest * CPU_LIMIT_FACTOR}m`, memory: `${memoryMiB}Mi` },
    heapMiB: Math.floor(memoryMiB * HEAP_SHARE),
  };
}
