import { createBenchTopics, deleteBenchTopics } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { roundTo } from '../round-to';
import { GroupObserver, type GroupView } from './group-observer';
import { startSteadyInput, type SteadyInput } from './role-input';
import { startInstance, stopInstances, type RoleInstance } from './role-instance';
import type { IdsCheck, ScaledRole } from './scaled-role';
import { scaleConnection, type ScaleContext } from './scale-context';

/** libs/stream's SupervisedConsumer default when RIPTIDE_CONSUMER_SESSION_TIMEOUT_MS is unset. */
const DEFAULT_SESSION_TIMEOUT_MS = 30_000;
/** Both instances consume side by side this long before one is killed, so that both have committed. */
const BOTH_CONSUMING_MS = 1_000;
const STEP_TIMEOUT_MS = 120_000;

export interface JoinFigures {
  /** From spawning the second process to its running line (compiling, models, joining). */
  readonly instance_start_s: number;
  /** From the coordinator first seeing the join to a stable group of two, each with partitions. */
  readonly join_to_assigned_s: number;
  /** … to both instances committing progress on their own partitions: the time to rebalance. */
  readonly join_to_both_consuming_s: number;
  /** The longest time no partition's committed offset moved, from the spawn to both consuming. */
  readonly longest_stall_s: number;
  readonly partitions: number[][];
}

export interface KillFigures {
  readonly session_timeout_ms: number;
  readonly session_timeout_from: string;
  /** The partitions the killed instance held. */
  readonly dead_partitions: number[];
  /** From SIGKILL to the coordinator starting a rebalance (the session timing out). */
  readonly kill_to_rebalance_s: number;
  /** … to the survivor alone in a stable group, holding every partition. */
  readonly kill_to_taken_over_s: number;
  /** … to a commit past the offsets it left, on every partition the dead instance held. */
  readonly kill_to_resumed_s: number;
}

export interface RebalanceRun {
  readonly steady_per_s: number;
  readonly inputs: number;
  readonly join: JoinFigures;
  readonly kill: KillFigures;
  readonly peak_rss_mib: number[];
  readonly ids: IdsCheck;
}

/**
 * One instance consumes a steady stream; a second starts and joins (time to rebalance); once both
 * commit progress, the second is SIGKILLed (time until the survivor has its partitions and commits on
 * them). Times come from the group as the broker describes it (group-observer.ts). Then the stream
 * stops, the survivor drains it, and every input is looked for in the output.
 */
export async function measureRebalance(role: ScaledRole, context: ScaleContext): Promise<RebalanceRun> {
  const connection = scaleConnection(context, `${role.name}.rebalance`);
  await createBenchTopics(connection, [...role.topics], role.partitions);
  const running: RoleInstance[] = [];
  let joining: Promise<RoleInstance> | undefined;
  let observer: GroupObserver | undefined;
  let steady: SteadyInput | undefined;
  try {
    await role.prepare?.(connection);
    observer = await GroupObserver.start(connection, role.groupId, role.inputTopic);
    steady = await startSteadyInput(connection, role, context.steadyPerSecond);
    context.progress(`${role.name} rebalance: one instance on ${context.steadyPerSecond} ${role.items}/s`);
    const first = await startInstance(role, connection, 'first', context);
    running.push(first);
    const alone = await observer.until(
      'the first instance committing',
      (view) => view.members.length === 1 && committedSum(view) > 0n,
      0,
      STEP_TIMEOUT_MS,
    );
    const firstMember = alone.members[0].memberId;

    context.progress(`${role.name} rebalance: a second instance joins`);
    const spawnedAt = performance.now();
    joining = startInstance(role, connection, 'second', context);
    // Awaited below; until then a failed start must not be an unhandled rejection.
    joining.catch(() => undefined);
    const joinSeen = await observer.until(
      'the second instance joining',
      (view) => view.state !== 'Stable' || view.members.length > 1,
      spawnedAt,
      STEP_TIMEOUT_MS,
    );
    const assigned = await observer.until(
      'a stable group of two',
      (view) =>
        view.state === 'Stable' &&
        view.members.length === 2 &&
        view.members.every((m) => m.partitions.length > 0),
      joinSeen.atMs,
      STEP_TIMEOUT_MS,
    );
    const bothConsuming = await observer.until(
      'both instances committing',
      (view) =>
        view.members.length === 2 &&
        view.members.every((member) =>
          member.partitions.some((p) => (view.committed.get(p) ?? -1n) > (assigned.committed.get(p) ?? -1n)),
        ),
      assigned.atMs,
      STEP_TIMEOUT_MS,
    );
    const second = await joining;
    running.push(second);
    const join: JoinFigures = {
      instance_start_s: roundTo(second.startSeconds, 2),
      join_to_assigned_s: seconds(joinSeen, assigned),
      join_to_both_consuming_s: seconds(joinSeen, bothConsuming),
      longest_stall_s: roundTo(longestStall(observer.views, spawnedAt, bothConsuming.atMs) / 1000, 2),
      partitions: assigned.members.map((member) => [...member.partitions].sort((a, b) => a - b)),
    };
    context.progress(
      `${role.name} rebalance: join took ${join.join_to_both_consuming_s} s to both consuming`,
    );

    await sleep(BOTH_CONSUMING_MS);
    const beforeKill = observer.views[observer.views.length - 1];
    const dead = beforeKill.members.find((member) => member.memberId !== firstMember);
    if (!dead) throw new Error(`${role.name}: the second instance left the group before it was killed`);
    const sessionTimeoutMs = context.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    context.progress(
      `${role.name} rebalance: SIGKILL to the second instance; its partitions wait for the ${sessionTimeoutMs / 1000} s session timeout`,
    );
    const killedAt = performance.now();
    await second.service.kill();
    const timedOut = await observer.until(
      'a rebalance after the kill',
      (view) => view.state !== 'Stable' || view.members.length === 1,
      killedAt,
      sessionTimeoutMs + STEP_TIMEOUT_MS,
    );
    // Its last commit request may reach the broker just after the SIGKILL: the offsets half a second
    // later are the ones it left (no takeover can come before its session times out).
    const leftBehind = await observer.until(
      'the offsets after the kill',
      () => true,
      killedAt + 500,
      STEP_TIMEOUT_MS,
    );
    const takenOver = await observer.until(
      'the survivor holding every partition',
      (view) =>
        view.state === 'Stable' &&
        view.members.length === 1 &&
        view.members[0].partitions.length === role.partitions,
      timedOut.atMs,
      STEP_TIMEOUT_MS,
    );
    const resumed = await observer.until(
      "commits on the dead instance's partitions",
      (view) =>
        dead.partitions.every((p) => (view.committed.get(p) ?? -1n) > (leftBehind.committed.get(p) ?? -1n)),
      takenOver.atMs,
      STEP_TIMEOUT_MS,
    );
    const kill: KillFigures = {
      session_timeout_ms: sessionTimeoutMs,
      session_timeout_from:
        context.sessionTimeoutMs === undefined
          ? 'the services’ default (RIPTIDE_CONSUMER_SESSION_TIMEOUT_MS unset, libs/stream)'
          : '--session-timeout-ms',
      dead_partitions: [...dead.partitions].sort((a, b) => a - b),
      kill_to_rebalance_s: roundTo((timedOut.atMs - killedAt) / 1000, 2),
      kill_to_taken_over_s: roundTo((takenOver.atMs - killedAt) / 1000, 2),
      kill_to_resumed_s: roundTo((resumed.atMs - killedAt) / 1000, 2),
    };
    context.progress(
      `${role.name} rebalance: the survivor resumed ${kill.kill_to_resumed_s} s after the kill`,
    );

    const inputs = await steady.stop();
    steady = undefined;
    await observer.caughtUp(STEP_TIMEOUT_MS);
    const peakRss = running.map((instance) => Math.round(instance.service.usage().peakRssBytes / 2 ** 20));
    await stopInstances(running);
    context.progress(`${role.name} rebalance: checking the output against ${inputs} inputs`);
    const ids = await role.checkOutput(connection, inputs);
    return { steady_per_s: context.steadyPerSecond, inputs, join, kill, peak_rss_mib: peakRss, ids };
  } finally {
    await steady?.stop().catch(() => undefined);
    const late = await joining?.catch(() => undefined);
    await stopInstances(late && !running.includes(late) ? [...running, late] : running);
    await observer?.stop();
    await deleteBenchTopics(connection, [...role.topics]).catch(() => undefined);
  }
}

function seconds(from: GroupView, to: GroupView): number {
  return roundTo((to.atMs - from.atMs) / 1000, 2);
}

function committedSum(view: GroupView): bigint {
  let sum = 0n;
  for (const offset of view.committed.values()) sum += offset;
  return sum;
}

/** The longest gap between two views that saw the group's committed offsets advance, within [from, to]. */
function longestStall(views: readonly GroupView[], fromMs: number, toMs: number): number {
  let longest = 0;
  let lastProgress = fromMs;
  for (let index = 1; index < views.length; index++) {
    const view = views[index];
    if (view.atMs < fromMs || view.atMs > toMs) continue;
    if (committedSum(view) > committedSum(views[index - 1])) {
      longest = Math.max(longest, view.atMs - lastProgress);
      lastProgress = view.atMs;
    }
  }
  return longest;
}
