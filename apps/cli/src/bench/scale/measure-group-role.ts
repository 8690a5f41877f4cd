import { roundTo } from '../round-to';
import { measureRebalance, type RebalanceRun } from './measure-rebalance';
import { measureThroughput, type ThroughputRun } from './measure-throughput';
import type { ScaledRole } from './scaled-role';
import type { ScaleContext } from './scale-context';

/** The target: two instances keep at least this share of one instance's messages per CPU-second. */
const SCALING_TARGET = 0.9;

export interface GroupRoleFigures {
  readonly unit: string;
  readonly partitions: number;
  readonly partitions_from: string;
  readonly one_instance: ThroughputRun;
  readonly two_instances: ThroughputRun;
  readonly scaling: {
    /** Messages per CPU-second, two instances (all of them) over one: 1 = the group adds no overhead. */
    readonly per_cpu_second_ratio: number;
    /** Each of the two instances' messages per CPU-second over the one instance's. */
    readonly per_instance_ratios: number[];
    readonly target: number;
    readonly met: boolean;
    /** Throughput, two over one: bounded by the cores the machine had left for them (`cpu_cores`). */
    readonly per_s_ratio: number;
  };
  readonly rebalance: RebalanceRun;
  /** Every instance's peak memory, all runs. */
  readonly peak_rss_mib: number[];
}

/** A consumer role at one instance, at two, then joined and killed under a steady stream. */
export async function measureGroupRole(role: ScaledRole, context: ScaleContext): Promise<GroupRoleFigures> {
  const one = await measureThroughput(role, 1, context);
  const two = await measureThroughput(role, 2, context);
  const rebalance = await measureRebalance(role, context);
  const base = one.total.per_cpu_second;
  const ratio = roundTo(two.total.per_cpu_second / base, 3);
  context.progress(`${role.name}: messages per CPU-second, two instances over one: ${ratio}`);
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
    },
    rebalance,
    peak_rss_mib: [...one.peak_rss_mib, ...two.peak_rss_mib, ...rebalance.peak_rss_mib],
  };
}
