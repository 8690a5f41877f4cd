import { createKafka, physicalTopic, type KafkaConnection } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 100;

type Admin = ReturnType<ReturnType<typeof createKafka>['admin']>;

/** The consumer group as the broker's coordinator describes it at one instant. */
export interface GroupView {
  readonly atMs: number;
  /** `Stable`, `PreparingRebalance`, `CompletingRebalance`, `Empty` or `Dead`. */
  readonly state: string;
  readonly members: readonly GroupMember[];
  /** Committed offset per partition of the input topic (absent: never committed). */
  readonly committed: ReadonlyMap<number, bigint>;
}

export interface GroupMember {
  readonly memberId: string;
  readonly partitions: readonly number[];
}

/**
 * Watches a consumer group from outside, as an operator's tools would: the coordinator's state, each
 * member's assignment and the committed offsets, every 100 ms. Rebalance times are read from these
 * views, so they cost the instances nothing and do not depend on their metrics.
 */
export class GroupObserver {
  readonly views: GroupView[] = [];
  private stopping = false;
  private failure?: Error;
  private readonly loop: Promise<void>;

  private constructor(
    private readonly admin: Admin,
    private readonly groupId: string,
    private readonly topic: string,
  ) {
    this.loop = this.poll();
  }

  static async start(connection: KafkaConnection, groupId: string, topic: string): Promise<GroupObserver> {
    const admin = createKafka(connection).admin();
    await admin.connect();
    return new GroupObserver(admin, physicalTopic(connection, groupId), physicalTopic(connection, topic));
  }

  /** The first view at or after `afterMs` that satisfies `predicate`; fails after `timeoutMs` naming `what`. */
  async until(
    what: string,
    predicate: (view: GroupView) => boolean,
    afterMs: number,
    timeoutMs: number,
  ): Promise<GroupView> {
    const deadline = performance.now() + timeoutMs;
    let checked = 0;
    for (;;) {
      if (this.failure) throw this.failure;
      for (; checked < this.views.length; checked++) {
        const view = this.views[checked];
        if (view.atMs >= afterMs && predicate(view)) return view;
      }
      if (performance.now() > deadline)
        throw new Error(
          `${what}: not seen within ${timeoutMs / 1000} s (group ${this.groupId}: ${this.latest()})`,
        );
      await sleep(POLL_MS / 2);
    }
  }

  /** Waits until the group has committed every message now on the topic: the instances are drained. */
  async caughtUp(timeoutMs: number): Promise<void> {
    const ends = await this.admin.fetchTopicOffsets(this.topic);
    await this.until(
      'the group committing every input',
      (view) => ends.every(({ partition, high }) => (view.committed.get(partition) ?? -1n) >= BigInt(high)),
      performance.now(),
      timeoutMs,
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
    await this.admin.disconnect();
  }

  private async poll(): Promise<void> {
    while (!this.stopping) {
      try {
        this.views.push(await this.view());
      } catch (error) {
        this.failure = error as Error;
        return;
      }
      await sleep(POLL_MS);
    }
  }

  private async view(): Promise<GroupView> {
    const [{ groups }, offsets] = await Promise.all([
      this.admin.describeGroups([this.groupId]),
      this.admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] }),
    ]);
    const members = (groups[0]?.members ?? []).map((member) => ({
      memberId: member.memberId,
      partitions: assignedPartitions(member.memberAssignment, this.topic),
    }));
    const committed = new Map(
      (offsets[0]?.partitions ?? [])
        .filter(({ offset }) => BigInt(offset) >= 0n)
        .map(({ partition, offset }) => [partition, BigInt(offset)]),
    );
    return { atMs: performance.now(), state: groups[0]?.state ?? 'Dead', members, committed };
  }

  private latest(): string {
    const view = this.views[this.views.length - 1];
    return view
      ? `${view.state}, members ${view.members.map((m) => `[${m.partitions.join(',')}]`).join(' ')}`
      : 'never described';
  }
}

/**
 * The partitions of `topic` in a member's assignment, as the consumer protocol encodes it: version
 * (int16), then per topic its name (int16 length, UTF-8) and partitions (int32 count, int32 each).
 * Empty while the group rebalances (no assignment yet).
 */
function assignedPartitions(assignment: Buffer, topic: string): number[] {
  if (assignment.length < 2) return [];
  let at = 2;
  const topics = assignment.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topics; t++) {
    const nameLength = assignment.readInt16BE(at);
    const name = assignment.toString('utf8', at + 2, at + 2 + nameLength);
    at += 2 + nameLength;
    const count = assignment.readInt32BE(at);
    at += 4;
    const partitions = Array.from({ length: count }, (_, p) => assignment.readInt32BE(at + 4 * p));
    at += 4 * count;
    if (name === topic) return partitions;
  }
  return [];
}
