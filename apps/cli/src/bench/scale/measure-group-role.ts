import { roundTo } from '../round-to';
import { measureRebalance, type RebalanceRun } from './measure-rebalance';
import { measureThroughput, type ThroughputRun } from './measure-throughput';
import type { ScaledRole } from './scaled-role';
import type { ScaleContext } from './scale-context';

/** The target: two instances keep at least this share of one instance's messages per CPU-second. */
const SCALING_TARGET = 0.9;

/** The best round (the least disturbed by other load), with every round's headline figures beside it. */
export type BestRun = ThroughputRun & { rounds: RoundFigures[] };

interface RoundFigures {
  readonly per_s: number;
  readonly per_cpu_second: number;
  readonly cpu_cores: number;
  readonly other_cpu_cores: number | null;
}

export interface GroupRoleFigures {
  readonly unit: string;
  readonly partitions: number;
  readonly partitions_from: string;
  readonly one_instance: BestRun;
  readonly two_instances: BestRun;
  readonly scaling: {
    /** Messages per CPU-second, two instances (all of them) over one: 1 = the group adds no overhead. */
    readonly per_cpu_second_ratio: number;
    /** Each of the two instances' messages per CPU-second over the one instance's. */
    readonly per_instance_ratios: number[];
    readonly target: number;
    readonly met: boolean;
    /** Throughput, two over one: bounded by the cores the machine had left for them (`cpu_cores`). */
    readonly per_s_ratio: number;
    /**
     * The control: a group of one and a group of two at the same time, each on topics of its own, so
     * both meet the same contention for the cores (three instances, the broker and the rest of the
     * machine on two cores). Its ratio is the group's own overhead, whatever the machine's load.
     */
    readonly side_by_side: {
      readonly per_cpu_second_ratio: number;
      readonly one_instance: ThroughputRun;
      readonly two_instances: ThroughputRun;
    };
  };
  readonly rebalance: RebalanceRun;
  /** Every instance's peak memory, all runs. */
  readonly peak_rss_mib: number[];
}

/**
 * A consumer role at one instance and at two, in alternating rounds (the machine is shared: the best
 * round of each, by messages per CPU-second, is the least disturbed), then both side by side (the
 * control), then joined and killed under a steady stream.
 */
export async function measureGroupRole(role: ScaledRole, context: ScaleContext): Promise<GroupRoleFigures> {
  const ones: ThroughputRun[] = [];
  const twos: ThroughputRun[] = [];
  for (let round = 1; round <= context.rounds; round++) {
    context.progress(`${role.name}: round ${round} of ${context.rounds}`);
    ones.push(...(await measureThroughput(role, [1], context)));
    twos.push(...(await measureThroughput(role, [2], context)));
  }
  const [one, two] = [bestOf(ones), bestOf(twos)];
  const [single, pair] = await measureThroughput(role, [1, 2], context);
  const rebalance = await measureRebalance(role, context);
  const base = one.total.per_cpu_second;
  const ratio = roundTo(two.total.per_cpu_second / base, 3);
  const sideBySideRatio = roundTo(pair.total.per_cpu_second / single.total.per_cpu_second, 3);
  context.progress(
    `${role.name}: messages per CPU-second, two instances over one: ${ratio} (side by side: ${sideBySideRatio})`,
  );
  return {
    unit: role.unit,
    partitions: role.partitions,
    partitions_from: role.partitionsFrom,
    one_instance: one,
    two_instances: two,
    scaling: {
      per_cpu_second_ratio: ratio,
      per_instance_ratios: two.members.map((member) => roundTo(member.per_cpu_second / base, 3)),
      target: SCALING_TARGET,
      met: ratio >= SCALING_TARGET,
      per_s_ratio: roundTo(two.total.per_s / one.total.per_s, 3),
      side_by_side: {
        per_cpu_second_ratio: sideBySideRatio,
        one_instance: single,
        two_instances: pair,
      },
    },
    rebalance,
    peak_rss_mib: [...ones, ...twos, single, pair, rebalance].flatMap((run) => run.peak_rss_mib),
  };
}

function bestOf(runs: ThroughputRun[]): BestRun {
  const best = runs.reduce((a, b) => (b.total.per_cpu_second > a.total.per_cpu_second ? b : a));
  const rounds = runs.map(({ total, other_cpu_cores }) => ({
    per_s: total.per_s,
    per_cpu_second: total.per_cpu_second,
    cpu_cores: total.cpu_cores,
    other_cpu_cores,
  }));
  return { ...best, rounds };
}
