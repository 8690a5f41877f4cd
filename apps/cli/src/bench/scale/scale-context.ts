import { createKafka, kafkaConnectionFromEnv, type KafkaConnection } from '@riptide/stream';

/** What every part of `riptide bench --scale` shares. */
export interface ScaleContext {
  readonly brokers: string[];
  /** Unique per run: names its private topic prefixes. */
  readonly runId: string;
  /** Preloaded inputs per throughput run (and the backlog of the other figures), from --messages. */
  readonly messages: number;
  /** Throughput runs at one and at two instances alternate this often; the best of each is kept. */
  readonly rounds: number;
  /** Given to every instance when set (--session-timeout-ms); else they keep libs/stream's default. */
  readonly sessionTimeoutMs?: number;
  /** Inputs per second while instances join and die: low enough for one instance to keep up. */
  readonly steadyPerSecond: number;
  /** The local broker's pid, to report its CPU beside the instances'; undefined for another broker. */
  readonly brokerPid?: number;
  progress(line: string): void;
}

/** The bench's connection with a private topic prefix for one part of the run. */
export function scaleConnection(context: ScaleContext, part: string): KafkaConnection {
  return {
    ...kafkaConnectionFromEnv('riptide-bench'),
    brokers: context.brokers,
    topicPrefix: `bench.${context.runId}.${part}.`,
  };
}

/**
 * How long an HTTP role (ingest, the api) is loaded: 10 s at the default 200,000 --messages, in
 * proportion below it (at least 2 s), so that --messages sizes every part of the run.
 */
export function loadMs(context: ScaleContext): number {
  return Math.max(2_000, Math.min(10_000, context.messages / 20));
}

/**
 * Deletes the consumer groups the run's instances left on the broker (every part's prefix starts with
 * `bench.<runId>`): the topics are deleted after each part, but a group's committed offsets would stay
 * until the broker's retention. Every instance must have stopped (only empty groups can be deleted).
 */
export async function deleteRunGroups(context: ScaleContext): Promise<void> {
  const admin = createKafka(scaleConnection(context, 'cleanup')).admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const left = groups.map((group) => group.groupId).filter((id) => id.startsWith(`bench.${context.runId}`));
    if (left.length > 0) await admin.deleteGroups(left);
  } finally {
    await admin.disconnect();
  }
}
