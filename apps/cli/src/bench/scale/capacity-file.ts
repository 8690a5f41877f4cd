import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One role's line in deploy/capacity.json (interface 3 of issue 19); deploy/k8s sizes from it. */
export interface RoleCapacity {
  readonly unit: string;
  /** Throughput one instance reached here, with the CPU in `cpuCores`. */
  readonly perInstance: number;
  /** Throughput per CPU-second of the instance: what one core buys, whatever the machine's load. */
  readonly perCpuSecond: number;
  /** Peak resident memory of an instance, MiB. */
  readonly rssMiB: number;
  /** CPU seconds per second the instance used while busy. */
  readonly cpuCores: number;
  /** Which measurement the figures come from. */
  readonly source: string;
}

export interface CapacityFile {
  readonly measuredBy: string;
  readonly measuredAt: string;
  readonly machine: string;
  readonly roles: Readonly<Record<string, RoleCapacity>>;
}

/** The roles capacity.json must hold, in the order it lists them. */
export const CAPACITY_ROLES = [
  'scorer',
  'coordination-detect',
  'coordination-cluster',
  'opinion',
  'ingest',
  'api',
  'connector',
] as const;

export function writeCapacityFile(path: string, capacity: CapacityFile): void {
  const missing = CAPACITY_ROLES.filter((role) => !capacity.roles[role]);
  if (missing.length > 0)
    throw new Error(`${path} not written: no figures for ${missing.join(', ')} in this run`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(capacity, null, 2)}\n`);
}
