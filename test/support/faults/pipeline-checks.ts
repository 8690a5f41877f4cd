import { clusterSnapshotCodec, scoredPostCodec, type ClusterSnapshot } from '@riptide/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultPipeline } from './fault-pipeline';
import type { ServiceProcess } from './service-process';

export interface DeliveryReport {
  /** Accepted ids missing from posts.scored: must be 0. */
  readonly lost: number;
  /** Scored posts beyond one per id: at-least-once redelivery. */
  readonly duplicates: number;
  readonly scored: number;
}

/**
 * Waits until every id ingest accepted is on posts.scored (or `timeoutMs` passed) and counts what is
 * missing and what arrived more than once.
 */
export async function deliveryOf(
  pipeline: FaultPipeline,
  accepted: ReadonlySet<string>,
  timeoutMs = 180_000,
): Promise<DeliveryReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = new Map<string, number>();
    for (const message of await pipeline.readToEnd('posts.scored')) {
      const decoded = message.value && scoredPostCodec.decode(message.value);
      if (!decoded || !decoded.ok) continue;
      seen.set(decoded.value.post.id, (seen.get(decoded.value.post.id) ?? 0) + 1);
    }
    const lost = [...accepted].filter((id) => !seen.has(id)).length;
    if (lost === 0 || Date.now() > deadline) {
      const scored = [...seen.values()].reduce((sum, n) => sum + n, 0);
      return { lost, duplicates: scored - seen.size, scored };
    }
    await sleep(3_000);
  }
}

/** Cluster snapshots published since `sinceMs` (broker time), decoded. */
export async function snapshotsSince(pipeline: FaultPipeline, sinceMs: number): Promise<ClusterSnapshot[]> {
  return (await pipeline.readToEnd('coordination.clusters'))
    .filter((message) => Number(message.timestamp) >= sinceMs && message.value !== null)
    .map((message) => clusterSnapshotCodec.decode(message.value!))
    .flatMap((decoded) => (decoded.ok ? [decoded.value] : []));
}

/** Edges written since `sinceMs` (broker time). */
export async function edgesSince(pipeline: FaultPipeline, sinceMs: number): Promise<number> {
  return (await pipeline.readToEnd('coordination.edges')).filter((m) => Number(m.timestamp) >= sinceMs)
    .length;
}

/**
 * The active cluster that holds most of `accounts` in the latest snapshots since `sinceMs`, polling
 * until one holds at least `minMembers` of them.
 */
export async function campaignCluster(
  pipeline: FaultPipeline,
  accounts: readonly string[],
  sinceMs: number,
  minMembers: number,
  timeoutMs = 120_000,
): Promise<ClusterSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const latest = new Map<string, ClusterSnapshot>();
    for (const snapshot of await snapshotsSince(pipeline, sinceMs)) latest.set(snapshot.cluster_id, snapshot);
    const holding = (snapshot: ClusterSnapshot) =>
      snapshot.members.filter((member) => accounts.includes(member.account_id)).length;
    const best = [...latest.values()]
      .filter((snapshot) => snapshot.status === 'active')
      .sort((a, b) => holding(b) - holding(a))[0];
    if (best && holding(best) >= minMembers) return best;
    if (Date.now() > deadline)
      throw new Error(
        `no active cluster holds ${minMembers} of the campaign accounts within ${timeoutMs} ms`,
      );
    await sleep(2_000);
  }
}

export interface ReadinessSample {
  readonly at: number;
  readonly service: string;
  readonly status: number;
  readonly body: string;
}

/** Polls every service's /ready twice a second, for the record of what each said when. */
export class ReadinessLog {
  readonly samples: ReadinessSample[] = [];
  private polling = false;
  private loop?: Promise<void>;

  constructor(private readonly services: () => readonly ServiceProcess[]) {}

  start(): void {
    this.polling = true;
    this.loop = (async () => {
      while (this.polling) {
        const at = Date.now();
        const answers = await Promise.all(
          this.services().map(async (service) => ({
            service: service.spec.name,
            ...(await service.ready()),
          })),
        );
        this.samples.push(...answers.map((answer) => ({ at, ...answer })));
        await sleep(500);
      }
    })();
  }

  async stop(): Promise<void> {
    this.polling = false;
    await this.loop;
  }

  /** What a service answered between two instants. */
  statuses(service: string, fromMs: number, toMs: number): number[] {
    return this.samples
      .filter((sample) => sample.service === service && sample.at >= fromMs && sample.at <= toMs)
      .map((sample) => sample.status);
  }

  /** When a service first answered 200 after `fromMs`. */
  firstReadyAfter(service: string, fromMs: number): number | undefined {
    return this.samples.find(
      (sample) => sample.service === service && sample.at >= fromMs && sample.status === 200,
    )?.at;
  }

  /** The body of a 503 the service gave between two instants: it names the failing check. */
  notReadyBody(service: string, fromMs: number, toMs: number): string | undefined {
    return this.samples.find(
      (sample) =>
        sample.service === service && sample.at >= fromMs && sample.at <= toMs && sample.status === 503,
    )?.body;
  }
}

/** One row of the fault table the suite prints: what was injected and what came of it. */
export function reportFault(row: {
  fault: string;
  checked: string;
  delivery: DeliveryReport;
  recoverSeconds: number | string;
}): void {
  process.stderr.write(
    `[fault-report] ${JSON.stringify({
      fault: row.fault,
      checked: row.checked,
      ids_lost: row.delivery.lost,
      duplicates: row.delivery.duplicates,
      scored: row.delivery.scored,
      recover_s: row.recoverSeconds,
    })}\n`,
  );
}
