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

export interface ThroughputRun extends WindowFigures {
  readonly instances: number;
  readonly backlog: number;
  /**
   * How long the instances were frozen while the backlog was produced: their group keeps them while
   * this stays under the session timeout (a rebalance would show in the window otherwise).
   */
  readonly frozen_while_filling_s: number;
  /** Each instance's peak resident memory over its life, MiB. */
  readonly peak_rss_mib: number[];
  readonly ids: IdsCheck;
}

/**
 * `instances` instances of a role work through a backlog of `--messages` × `backlogPerMessage` inputs on the role's
 * partitions. They start on the empty topic and join; once the group is stable with every instance
 * holding partitions, they are frozen (SIGSTOP) while the backlog is produced and thawed together, so
 * the timed window (throughput-window.ts) has every instance working from a full backlog, with no
 * producer competing and no rebalance in it. Then the output is checked against the inputs.
 */
export async function measureThroughput(
  role: ScaledRole,
  instances: number,
  context: ScaleContext,
): Promise<ThroughputRun> {
  const label = `${role.name} ×${instances}`;
  const backlog = context.messages * role.backlogPerMessage;
  const connection = scaleConnection(context, `${role.name}.x${instances}`);
  await createBenchTopics(connection, [...role.topics], role.partitions);
  let running: RoleInstance[] = [];
  let observer: GroupObserver | undefined;
  try {
    await role.prepare?.(connection);
    context.progress(`${label}: starting ${instances === 1 ? 'the instance' : `${instances} instances`}`);
    running = await Promise.all(
      Array.from({ length: instances }, (_, index) => startInstance(role, connection, `i${index}`, context)),
    );
    observer = await GroupObserver.start(connection, role.groupId, role.inputTopic);
    await observer.until(
      `a stable group of ${instances}`,
      (view) =>
        view.state === 'Stable' &&
        view.members.length === instances &&
        view.members.every((member) => member.partitions.length > 0),
      0,
      JOIN_TIMEOUT_MS,
    );
    // Its polling would be load on the broker inside the window.
    await observer.stop();
    observer = undefined;

    for (const instance of running) instance.service.freeze();
    context.progress(
      `${label}: instances frozen; filling ${backlog} ${role.items} on ${role.partitions} partitions`,
    );
    const fillStarted = performance.now();
    await fillInput(connection, role, backlog, context.progress);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    for (const instance of running) instance.service.thaw();
    const samples = await sampleUntilConsumed(role, connection, running, backlog, context.brokerPid);
    const window = throughputWindow(samples, backlog);
    context.progress(
      `${label}: ${window.total.per_s} ${role.unit}, ${window.total.per_cpu_second} per CPU-second, ` +
        `instances had ${window.total.cpu_cores} cores, the machine was busy ${window.machine_busy_cores}`,
    );
    observer = await GroupObserver.start(connection, role.groupId, role.inputTopic);
    await observer.caughtUp(DRAIN_TIMEOUT_MS);
    const peakRss = running.map((instance) => Math.round(instance.service.usage().peakRssBytes / 2 ** 20));
    await stopInstances(running);
    context.progress(`${label}: checking the output against every input`);
    const ids = await role.checkOutput(connection, backlog);
    return {
      instances,
      backlog,
      frozen_while_filling_s: roundTo(fillSeconds, 2),
      ...window,
      peak_rss_mib: peakRss,
      ids,
    };
  } finally {
    await stopInstances(running);
    await observer?.stop();
    await deleteBenchTopics(connection, [...role.topics]).catch(() => undefined);
  }
}

async function sampleUntilConsumed(
  role: ScaledRole,
  connection: KafkaConnection,
  running: readonly RoleInstance[],
  backlog: number,
  brokerPid: number | undefined,
): Promise<GroupSample[]> {
  const samples: GroupSample[] = [];
  let lastGrowthAt = performance.now();
  let consumed = 0;
  while (consumed < backlog) {
    const sample = await sampleGroup(role, connection, running, brokerPid);
    samples.push(sample);
    const total = sample.members.reduce((sum, member) => sum + member.consumed, 0);
    if (total > consumed) [consumed, lastGrowthAt] = [total, sample.atMs];
    else if (sample.atMs - lastGrowthAt > STALL_MS)
      throw new Error(`${role.name}: stalled at ${consumed} of ${backlog} ${role.items}`);
    await sleep(SAMPLE_MS);
  }
  return samples;
}
