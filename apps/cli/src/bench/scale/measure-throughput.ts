import { createBenchTopics, deleteBenchTopics, type KafkaConnection } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { roundTo } from '../round-to';
import { GroupObserver } from './group-observer';
import { fillInput } from './role-input';
import { sampleGroup, startInstance, stopInstances, type RoleInstance } from './role-instance';
import type { IdsCheck, ScaledRole } from './scaled-role';
import { scaleConnection, type ScaleContext } from './scale-context';
import { throughputWindow, type GroupSample, type WindowFigures } from './throughput-window';

/** Often enough to time a window of a few seconds closely; each scrape costs an instance about 1 ms. */
const SAMPLE_MS = 200;
const STALL_MS = 60_000;
const DRAIN_TIMEOUT_MS = 120_000;
const JOIN_TIMEOUT_MS = 120_000;
/** How long the joined instances are watched with nothing to consume: their CPU floor. */
const IDLE_MS = 2_000;

export interface ThroughputRun extends WindowFigures {
  readonly instances: number;
  readonly backlog: number;
  /**
   * How long the instances were frozen while the backlog was produced: their group keeps them while
   * this stays under the session timeout (a rebalance would show in the window otherwise).
   */
  readonly frozen_while_filling_s: number;
  /**
   * Each instance's CPU while joined with nothing to consume (polling the broker, heartbeats, probes):
   * the floor every added instance costs, whatever the traffic.
   */
  readonly idle_cpu_cores: number[];
  /** Each instance's peak resident memory over its life, MiB. */
  readonly peak_rss_mib: number[];
  readonly ids: IdsCheck;
}

/** One consumer group of the run, on topics of its own. */
interface Group {
  readonly label: string;
  readonly instances: number;
  readonly connection: KafkaConnection;
  running: RoleInstance[];
}

/**
 * Groups of a role (one per entry of `sizes`, each with that many instances, on topics of its own) work
 * side by side through a backlog each of `--messages` × `backlogPerMessage` inputs. They start on
 * empty topics and join; once every group is stable with each instance holding partitions, the
 * instances are frozen (SIGSTOP) while the backlogs are produced and thawed together, so the timed
 * windows (throughput-window.ts) have every instance working from a full backlog, with no producer
 * competing and no rebalance in them. Then each output is checked against its inputs.
 */
export async function measureThroughput(
  role: ScaledRole,
  sizes: readonly number[],
  context: ScaleContext,
): Promise<ThroughputRun[]> {
  const backlog = context.messages * role.backlogPerMessage;
  const sideBySide = sizes.length > 1 ? '.side-by-side' : '';
  const groups: Group[] = sizes.map((instances) => ({
    label: `${role.name} ×${instances}${sideBySide && ' (side by side)'}`,
    instances,
    connection: scaleConnection(context, `${role.name}${sideBySide}.x${instances}`),
    running: [],
  }));
  const all = () => groups.flatMap((group) => group.running);
  try {
    for (const group of groups) {
      await createBenchTopics(group.connection, [...role.topics], role.partitions);
      await role.prepare?.(group.connection);
    }
    context.progress(`${role.name}: starting ${groups.map((group) => group.label).join(' and ')}`);
    await Promise.all(groups.map((group) => startGroup(role, group, context)));
    const idleCores = await idleCpuCores(all());

    for (const instance of all()) instance.service.freeze();
    context.progress(
      `${role.name}: instances frozen; filling ${backlog} ${role.items} on ${role.partitions} partitions ` +
        `for each of ${groups.map((group) => group.label).join(' and ')}`,
    );
    const fillStarted = performance.now();
    for (const group of groups) await fillInput(group.connection, role, backlog, context.progress);
    const frozenSeconds = roundTo((performance.now() - fillStarted) / 1000, 2);
    for (const instance of all()) instance.service.thaw();

    const samples = await sampleUntilConsumed(role, groups, backlog, context.brokerPid);
    const windows = groups.map((group, index) => {
      const window = throughputWindow(samples[index], backlog);
      context.progress(
        `${group.label}: ${window.total.per_s} ${role.unit}, ${window.total.per_cpu_second} per CPU-second, ` +
          `instances had ${window.total.cpu_cores} cores, the machine was busy ${window.machine_busy_cores}`,
      );
      return window;
    });
    const runs: ThroughputRun[] = [];
    for (const [index, group] of groups.entries()) {
      const observer = await GroupObserver.start(group.connection, role.groupId, role.inputTopic);
      await observer.caughtUp(DRAIN_TIMEOUT_MS).finally(() => observer.stop());
      const peakRss = group.running.map((instance) =>
        Math.round(instance.service.usage().peakRssBytes / 2 ** 20),
      );
      await stopInstances(group.running);
      context.progress(`${group.label}: checking the output against every input`);
      runs.push({
        instances: group.instances,
        backlog,
        frozen_while_filling_s: frozenSeconds,
        ...windows[index],
        idle_cpu_cores: group.running.map((instance) => idleCores.get(instance)!),
        peak_rss_mib: peakRss,
        ids: await role.checkOutput(group.connection, backlog),
      });
    }
    return runs;
  } finally {
    await stopInstances(all());
    for (const group of groups)
      await deleteBenchTopics(group.connection, [...role.topics]).catch(() => undefined);
  }
}

/** Starts a group's instances and waits until the group is stable with each of them holding partitions. */
async function startGroup(role: ScaledRole, group: Group, context: ScaleContext): Promise<void> {
  group.running = await Promise.all(
    Array.from({ length: group.instances }, (_, index) =>
      startInstance(role, group.connection, `i${index}`, context),
    ),
  );
  const observer = await GroupObserver.start(group.connection, role.groupId, role.inputTopic);
  try {
    await observer.until(
      `${group.label}: a stable group of ${group.instances}`,
      (view) =>
        view.state === 'Stable' &&
        view.members.length === group.instances &&
        view.members.every((member) => member.partitions.length > 0),
      0,
      JOIN_TIMEOUT_MS,
    );
  } finally {
    // Its polling would be load on the broker inside the window.
    await observer.stop();
  }
}

/** Each instance's CPU seconds per second over IDLE_MS with nothing to consume. */
async function idleCpuCores(instances: readonly RoleInstance[]): Promise<Map<RoleInstance, number>> {
  const before = instances.map((instance) => instance.service.usage().cpuSeconds);
  const startedAt = performance.now();
  await sleep(IDLE_MS);
  const seconds = (performance.now() - startedAt) / 1000;
  return new Map(
    instances.map((instance, index) => [
      instance,
      roundTo((instance.service.usage().cpuSeconds - before[index]) / seconds, 3),
    ]),
  );
}

/** Samples every group at the same instants until each has consumed its backlog; one series per group. */
async function sampleUntilConsumed(
  role: ScaledRole,
  groups: readonly Group[],
  backlog: number,
  brokerPid: number | undefined,
): Promise<GroupSample[][]> {
  const series: GroupSample[][] = groups.map(() => []);
  let lastGrowthAt = performance.now();
  let consumed = 0;
  const total = (sample: GroupSample) => sample.members.reduce((sum, member) => sum + member.consumed, 0);
  while (series.some((samples) => samples.length === 0 || total(samples[samples.length - 1]) < backlog)) {
    const samples = await Promise.all(
      groups.map((group) => sampleGroup(role, group.connection, group.running, brokerPid)),
    );
    const cpuOf = (sample: GroupSample) => sample.members.reduce((sum, member) => sum + member.cpuSeconds, 0);
    const allCpu = samples.reduce((sum, sample) => sum + cpuOf(sample), 0);
    samples.forEach((sample, index) =>
      series[index].push({ ...sample, sideBySideCpuSeconds: allCpu - cpuOf(sample) }),
    );
    const all = samples.reduce((sum, sample) => sum + total(sample), 0);
    if (all > consumed) [consumed, lastGrowthAt] = [all, performance.now()];
    else if (performance.now() - lastGrowthAt > STALL_MS)
      throw new Error(`${role.name}: stalled at ${consumed} of ${backlog * groups.length} ${role.items}`);
    await sleep(SAMPLE_MS);
  }
  return series;
}
