import { roundTo } from '../round-to';

/** One instance of a consumer group at a sample instant. */
export interface MemberSample {
  /** Input messages it has consumed (its `riptide_stream_consumed_messages_total` of the input topic). */
  readonly consumed: number;
  /** Group joins it has made (`riptide_stream_rebalances_total`): a change means a rebalance. */
  readonly rebalances: number;
  /** Its CPU seconds so far (user + system, every thread). */
  readonly cpuSeconds: number;
  /** Fetched batches of the input topic it has handled (`riptide_stream_batch_size_messages_count`). */
  readonly batches: number;
  /** Time its main thread spent paused in garbage collection so far (`nodejs_gc_duration_seconds`). */
  readonly gcSeconds: number;
}

/** Every instance of the group, the machine and the broker at one instant. */
export interface GroupSample {
  readonly atMs: number;
  readonly members: readonly MemberSample[];
  /** CPU seconds every core of the machine has been busy so far (/proc/stat). */
  readonly machineBusySeconds: number;
  /** The local broker's CPU seconds so far; absent when the broker is not a local process. */
  readonly brokerCpuSeconds?: number;
  /** This bench process's CPU seconds so far (sampling, and nothing else while a window runs). */
  readonly benchCpuSeconds: number;
  /** The CPU seconds so far of the instances of groups run side by side with this one (0 alone). */
  readonly sideBySideCpuSeconds: number;
}

export interface MemberFigures {
  readonly consumed: number;
  readonly per_s: number;
  readonly cpu_seconds: number;
  /** Messages per CPU-second of this instance: what scaling must keep (the target). */
  readonly per_cpu_second: number;
  /** CPU seconds per second of the window: the share of a core it had. */
  readonly cpu_cores: number;
  /** Messages per fetched batch: smaller batches cost more per message. */
  readonly mean_batch: number;
  /** Garbage-collection pauses in the window, seconds: a large part of a consumer's CPU, and its noise. */
  readonly gc_seconds: number;
}

export interface WindowFigures {
  readonly seconds: number;
  readonly members: readonly MemberFigures[];
  readonly total: MemberFigures;
  /** Every core's busy time over the window: what the instances, the broker and the bench had between them. */
  readonly machine_busy_cores: number;
  readonly broker_cpu_cores: number | null;
  readonly bench_cpu_cores: number;
  /** The instances of the group run side by side with this one (0 alone). */
  readonly side_by_side_cpu_cores: number;
  /**
   * What the rest of the machine took: busy cores less the instances' (of every group), the broker's and
   * the bench's. Other work on a shared machine shows here; it takes cores, and caches, from the instances.
   */
  readonly other_cpu_cores: number | null;
}

/**
 * The timed window of a group run, from samples taken while the instances worked through a preloaded
 * backlog of `backlog` messages. It starts once every instance has consumed a tenth of the backlog
 * (so each process has compiled its hot paths and sized its heap on the same amount of work, however
 * many share the backlog) and has consumed since the group's last rebalance (so every instance is
 * working), and it ends at the last
 * sample that saw the count grow. Counts and CPU are read at the same instants, so messages per
 * CPU-second does not depend on how well the end was timed.
 */
export function throughputWindow(samples: readonly GroupSample[], backlog: number): WindowFigures {
  const warmUp = backlog / 10;
  let stableSince = 0;
  let start: number | undefined;
  for (let index = 1; index < samples.length; index++) {
    if (rebalancesChanged(samples[index - 1], samples[index])) {
      stableSince = index;
      start = undefined;
      continue;
    }
    if (start !== undefined) continue;
    const everyMemberWarmAndWorking = samples[index].members.every(
      (member, m) => member.consumed >= warmUp && member.consumed > samples[stableSince].members[m].consumed,
    );
    if (everyMemberWarmAndWorking) start = index;
  }
  const end = lastGrowth(samples);
  if (start === undefined || end <= start)
    throw new Error(
      `no window with every instance consuming after the last rebalance (${samples.length} samples): ` +
        'the backlog ran out first; use more --messages',
    );
  const [from, to] = [samples[start], samples[end]];
  const seconds = (to.atMs - from.atMs) / 1000;
  const members = from.members.map((first, m) => figures(first, to.members[m], seconds));
  const totals = (sample: GroupSample): MemberSample => ({
    consumed: total(sample),
    rebalances: 0,
    cpuSeconds: sample.members.reduce((sum, member) => sum + member.cpuSeconds, 0),
    batches: sample.members.reduce((sum, member) => sum + member.batches, 0),
    gcSeconds: sample.members.reduce((sum, member) => sum + member.gcSeconds, 0),
  });
  const perSecond = (cpuSeconds: number) => roundTo(cpuSeconds / seconds, 2);
  const machine = to.machineBusySeconds - from.machineBusySeconds;
  const broker =
    from.brokerCpuSeconds !== undefined && to.brokerCpuSeconds !== undefined
      ? to.brokerCpuSeconds - from.brokerCpuSeconds
      : undefined;
  const bench = to.benchCpuSeconds - from.benchCpuSeconds;
  const sideBySide = to.sideBySideCpuSeconds - from.sideBySideCpuSeconds;
  const instancesCpu = totals(to).cpuSeconds - totals(from).cpuSeconds;
  return {
    seconds: roundTo(seconds, 3),
    members,
    total: figures(totals(from), totals(to), seconds),
    machine_busy_cores: perSecond(machine),
    broker_cpu_cores: broker === undefined ? null : perSecond(broker),
    bench_cpu_cores: perSecond(bench),
    side_by_side_cpu_cores: perSecond(sideBySide),
    other_cpu_cores:
      broker === undefined
        ? null
        : perSecond(Math.max(0, machine - instancesCpu - sideBySide - broker - bench)),
  };
}

function figures(from: MemberSample, to: MemberSample, seconds: number): MemberFigures {
  const consumed = to.consumed - from.consumed;
  const cpuSeconds = to.cpuSeconds - from.cpuSeconds;
  const batches = to.batches - from.batches;
  return {
    consumed,
    per_s: Math.round(consumed / seconds),
    cpu_seconds: roundTo(cpuSeconds, 2),
    per_cpu_second: cpuSeconds > 0 ? Math.round(consumed / cpuSeconds) : 0,
    cpu_cores: roundTo(cpuSeconds / seconds, 2),
    mean_batch: batches > 0 ? Math.round(consumed / batches) : 0,
    gc_seconds: roundTo(to.gcSeconds - from.gcSeconds, 2),
  };
}

function rebalancesChanged(before: GroupSample, after: GroupSample): boolean {
  return after.members.some((member, m) => member.rebalances !== before.members[m].rebalances);
}

function total(sample: GroupSample): number {
  return sample.members.reduce((sum, member) => sum + member.consumed, 0);
}

/** The index of the first sample that reached the highest total count. */
function lastGrowth(samples: readonly GroupSample[]): number {
  let best = 0;
  for (let index = 1; index < samples.length; index++)
    if (total(samples[index]) > total(samples[best])) best = index;
  return best;
}
