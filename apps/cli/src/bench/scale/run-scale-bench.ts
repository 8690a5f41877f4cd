import { waitForBroker, kafkaConnectionFromEnv } from '@riptide/stream';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { roundTo } from '../round-to';
import { measureApiCapacity } from './api-capacity';
import { CAPACITY_ROLES, writeCapacityFile, type RoleCapacity } from './capacity-file';
import { measureClusterCeiling } from './cluster-ceiling';
import { detectRole } from './detect-role';
import { measureIngestCapacity } from './ingest-capacity';
import { localBrokerPid } from './machine-cpu';
import { measureGroupRole } from './measure-group-role';
import { measureConnectorCapacity } from './connector-capacity';
import { measureOpinionCapacity } from './opinion-capacity';
import { russianShareStream, type ShareStream } from '../russian-shares';
import type { ScaledRole } from './scaled-role';
import { deleteRunGroups, type ScaleContext } from './scale-context';
import { scorerRole } from './scorer-role';
import { tweetPostStream } from '../tweet-posts';

export interface ScaleOptions {
  readonly messages: number;
  readonly rounds: number;
  readonly sessionTimeoutMs?: number;
  /** Roles to measure (capacity.json names); all when absent. */
  readonly only?: readonly string[];
  readonly capacityOut?: string;
  /** The command line, for the file's `measuredBy`. */
  readonly command: string;
}

/** The JSON `riptide bench --scale` prints (schema riptide-bench-scale/v1). */
export interface ScaleSummary {
  /** What went wrong, for the command's exit code: roles that failed, a capacity file not written. */
  readonly problems: string[];
  readonly [field: string]: unknown;
}

/** A role's figures for the summary, and its line in capacity.json. */
interface RoleResult {
  readonly summary: object;
  readonly capacity: RoleCapacity;
}

/** Inputs per second while instances join and die: a tenth or less of one instance's capacity. */
const STEADY_PER_SECOND = 2_000;

/**
 * `riptide bench --scale`: each consumer role's group at one and two instances (throughput, messages
 * per CPU-second, the ratio between them), the time to rebalance when an instance joins and when one is
 * killed, every output checked against its inputs; the cluster role's single-partition ceiling; the
 * other roles' per-instance figures. Roles run one after the other, each alone on the machine with the
 * broker. Returns the JSON summary; with `capacityOut`, writes deploy/capacity.json from it.
 */
export async function runScaleBench(
  options: ScaleOptions,
  progress: (line: string) => void,
): Promise<ScaleSummary> {
  const unknown = options.only?.filter((name) => !(CAPACITY_ROLES as readonly string[]).includes(name)) ?? [];
  if (unknown.length > 0)
    throw new Error(
      `--only with --scale takes role names (${CAPACITY_ROLES.join(', ')}), not ${unknown.join(', ')}`,
    );
  const { brokers } = kafkaConnectionFromEnv('riptide-bench');
  await waitForBroker(brokers, 5_000).catch((error: Error) => {
    throw new Error(
      `no broker on ${brokers.join(',')} (${error.message}): start one with \`npx riptide kafka start\``,
    );
  });
  const context: ScaleContext = {
    brokers,
    runId: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    messages: options.messages,
    rounds: options.rounds,
    sessionTimeoutMs: options.sessionTimeoutMs,
    steadyPerSecond: STEADY_PER_SECOND,
    brokerPid: localBrokerPid(brokers),
    progress,
  };
  const wanted = (role: string) => !options.only || options.only.includes(role);
  let shares: ShareStream | undefined;
  const sharesStream = async () => (shares ??= await russianShareStream());
  const measures: Record<(typeof CAPACITY_ROLES)[number], () => Promise<RoleResult>> = {
    scorer: async () => groupRole(scorerRole(await tweetPostStream()), context),
    'coordination-detect': async () => groupRole(detectRole(await sharesStream()), context),
    'coordination-cluster': async () => clusterRole(await sharesStream(), context),
    opinion: () => opinionRole(context),
    ingest: () => ingestRole(context),
    api: () => apiRole(context),
    connector: () => connectorRole(context),
  };

  const roles: Record<string, object> = {};
  const capacity: Record<string, RoleCapacity> = {};
  const problems: string[] = [];
  for (const role of CAPACITY_ROLES.filter(wanted)) {
    progress(`${role}: measuring`);
    try {
      const result = await measures[role]();
      roles[role] = result.summary;
      capacity[role] = result.capacity;
    } catch (error) {
      progress(`${role}: failed: ${(error as Error).message}`);
      roles[role] = { failed: (error as Error).message };
      problems.push(`${role}: ${(error as Error).message}`);
    }
  }

  await deleteRunGroups(context).catch((error: Error) =>
    progress(`the run's consumer groups were not deleted: ${error.message}`),
  );

  const machine = {
    cpus: availableParallelism(),
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gib: roundTo(totalmem() / 2 ** 30, 1),
    node: process.version,
  };
  const measuredAt = new Date().toISOString();
  const capacityFile = {
    measuredBy: options.command,
    measuredAt,
    machine:
      `${machine.cpus} cores (${machine.cpu_model}), ${machine.memory_gib} GiB, Node ${machine.node}; ` +
      'the broker and the load generator share the cores',
    roles: capacity,
  };
  if (options.capacityOut) {
    try {
      writeCapacityFile(options.capacityOut, capacityFile);
      progress(`wrote ${options.capacityOut}`);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return {
    schema: 'riptide-bench-scale/v1',
    measured_at: measuredAt,
    command: options.command,
    machine,
    broker: { brokers, local_pid_measured: context.brokerPid !== undefined },
    messages: options.messages,
    rounds: options.rounds,
    steady_per_s: STEADY_PER_SECOND,
    roles,
    capacity: capacityFile,
    problems,
  };
}

async function groupRole(role: ScaledRole, context: ScaleContext): Promise<RoleResult> {
  const summary = await measureGroupRole(role, context);
  const one = summary.one_instance.total;
  return {
    summary,
    capacity: {
      unit: role.unit,
      perInstance: one.per_s,
      perCpuSecond: one.per_cpu_second,
      rssMiB: Math.max(...summary.peak_rss_mib),
      cpuCores: one.cpu_cores,
      source:
        `bench --scale: one instance of the ${role.groupId} group through a preloaded backlog of ` +
        `${summary.one_instance.backlog} ${role.items} on ${role.partitions} partitions; rssMiB the peak of every instance of the run`,
    },
  };
}

async function clusterRole(shares: ShareStream, context: ScaleContext): Promise<RoleResult> {
  const summary = await measureClusterCeiling(shares, context);
  return {
    summary,
    capacity: {
      unit: 'edges/s',
      perInstance: summary.per_s,
      perCpuSecond: summary.per_cpu_second,
      rssMiB: summary.peak_rss_mib,
      cpuCores: summary.cpu_cores,
      source: `bench --scale: the cluster role's ceiling (one partition by design) through a preloaded backlog of ${summary.edges} edges`,
    },
  };
}

async function opinionRole(context: ScaleContext): Promise<RoleResult> {
  const summary = await measureOpinionCapacity(context);
  return {
    summary,
    capacity: {
      unit: 'observations/s',
      perInstance: summary.per_s,
      perCpuSecond: summary.per_cpu_second,
      rssMiB: summary.peak_rss_mib,
      cpuCores: summary.cpu_cores,
      source: `bench stage opinion_broker (run by bench --scale): one instance through ${summary.observations} observations`,
    },
  };
}

async function ingestRole(context: ScaleContext): Promise<RoleResult> {
  const summary = await measureIngestCapacity(context);
  return {
    summary,
    capacity: {
      unit: 'posts/s',
      perInstance: summary.per_s,
      perCpuSecond: summary.per_cpu_second,
      rssMiB: summary.peak_rss_mib,
      cpuCores: summary.cpu_cores,
      source: `bench --scale: one instance, NDJSON batches of ${summary.posts_per_request} posts, ${summary.concurrency} in flight`,
    },
  };
}

async function apiRole(context: ScaleContext): Promise<RoleResult> {
  const summary = await measureApiCapacity(context);
  return {
    summary,
    capacity: {
      unit: 'requests/s',
      perInstance: summary.per_s,
      perCpuSecond: summary.per_cpu_second,
      rssMiB: summary.peak_rss_mib,
      cpuCores: summary.cpu_cores,
      source: `bench --scale: one instance on ${summary.engine}, ${summary.route}, ${summary.concurrency} in flight`,
    },
  };
}

async function connectorRole(context: ScaleContext): Promise<RoleResult> {
  const summary = await measureConnectorCapacity(context);
  return {
    summary,
    capacity: {
      unit: 'events/s',
      perInstance: summary.per_s,
      perCpuSecond: summary.per_cpu_second,
      rssMiB: summary.peak_rss_mib,
      cpuCores: summary.cpu_cores,
      source: `bench stage connector (run by bench --scale): one connector through ${summary.events} Jetstream frames from a local replay, as fast as it reads; rssMiB the peak of the bench process it ran in`,
    },
  };
}
