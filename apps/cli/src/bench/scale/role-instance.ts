import { physicalTopic, type KafkaConnection } from '@riptide/stream';
import { familySum, sampleValue } from '../prometheus-text';
import { processUsage, startServiceUnderBench, type ServiceUnderBench } from '../service-under-bench';
import { machineBusySeconds } from './machine-cpu';
import type { ScaledRole } from './scaled-role';
import type { ScaleContext } from './scale-context';
import type { GroupSample } from './throughput-window';

/** One instance of a role in its consumer group, as its own process. */
export interface RoleInstance {
  readonly name: string;
  readonly service: ServiceUnderBench;
  /** From spawning the process to its running line (models loaded, group joined). */
  readonly startSeconds: number;
}

export async function startInstance(
  role: ScaledRole,
  connection: KafkaConnection,
  name: string,
  context: ScaleContext,
): Promise<RoleInstance> {
  const spec = role.service(connection, name);
  const startedAt = performance.now();
  const service = await startServiceUnderBench({
    ...spec,
    env: {
      ...spec.env,
      // Unset, the service keeps libs/stream's default, which is what the bench reports.
      ...(context.sessionTimeoutMs === undefined
        ? {}
        : { RIPTIDE_CONSUMER_SESSION_TIMEOUT_MS: String(context.sessionTimeoutMs) }),
    },
  });
  return { name, service, startSeconds: (performance.now() - startedAt) / 1000 };
}

/** Every instance's counters (one scrape each) and CPU (from /proc), the machine's and the broker's CPU. */
export async function sampleGroup(
  role: ScaledRole,
  connection: KafkaConnection,
  instances: readonly RoleInstance[],
  brokerPid: number | undefined,
): Promise<GroupSample> {
  const consumed = `riptide_stream_consumed_messages_total{topic="${physicalTopic(connection, role.inputTopic)}"}`;
  const rebalances = `riptide_stream_rebalances_total{group="${role.groupId}"}`;
  const batches = `riptide_stream_batch_size_messages_count{topic="${physicalTopic(connection, role.inputTopic)}"}`;
  const metrics = await Promise.all(instances.map((instance) => instance.service.metrics()));
  return {
    atMs: performance.now(),
    members: instances.map((instance, index) => ({
      consumed: sampleValue(metrics[index], consumed),
      rebalances: sampleValue(metrics[index], rebalances),
      cpuSeconds: instance.service.usage().cpuSeconds,
      batches: sampleValue(metrics[index], batches),
      gcSeconds: familySum(metrics[index], 'nodejs_gc_duration_seconds_sum'),
    })),
    machineBusySeconds: machineBusySeconds(),
    benchCpuSeconds: benchCpuSeconds(),
    sideBySideCpuSeconds: 0,
    ...(brokerPid !== undefined && { brokerCpuSeconds: processUsage(brokerPid).cpuSeconds }),
  };
}

/** Stops every instance that still runs (SIGTERM: they commit and leave the group). */
export async function stopInstances(instances: readonly RoleInstance[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.service.stop()));
}

function benchCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
