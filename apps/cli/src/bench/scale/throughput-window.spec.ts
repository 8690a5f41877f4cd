import { describe, expect, it } from 'vitest';
import { throughputWindow, type GroupSample } from './throughput-window';

/** A sample each second: [consumed, rebalances, cpuSeconds] per member. */
function samples(rows: [number, number, number][][]): GroupSample[] {
  return rows.map((members, second) => ({
    atMs: second * 1000,
    members: members.map(([consumed, rebalances, cpuSeconds]) => ({
      consumed,
      rebalances,
      cpuSeconds,
      batches: consumed / 50,
      gcSeconds: cpuSeconds / 10,
    })),
    machineBusySeconds: second * 2,
    benchCpuSeconds: second * 0.1,
    sideBySideCpuSeconds: 0,
  }));
}

describe('throughputWindow', () => {
  it('starts after the warm-up tenth and ends at the last growth, counting CPU over the same samples', () => {
    const window = throughputWindow(
      samples([
        [[0, 1, 0]],
        [[50, 1, 0.5]],
        [[150, 1, 1.5]],
        [[250, 1, 2.5]],
        [[300, 1, 3]],
        [[300, 1, 3.1]],
      ]),
      300,
    );
    expect(window.seconds).toBe(3);
    expect(window.total).toMatchObject({
      consumed: 250,
      per_s: 83,
      cpu_seconds: 2.5,
      per_cpu_second: 100,
      mean_batch: 50,
      gc_seconds: 0.25,
    });
    expect(window.machine_busy_cores).toBe(2);
    expect(window.broker_cpu_cores).toBeNull();
    expect(window.bench_cpu_cores).toBe(0.1);
  });

  it('waits for every member to have consumed a tenth of the backlog, after the last rebalance', () => {
    const window = throughputWindow(
      samples([
        [
          [100, 1, 1],
          [0, 0, 0],
        ],
        // the second instance joins: both rebalance
        [
          [200, 2, 2],
          [0, 1, 0.1],
        ],
        // only the first moves
        [
          [220, 2, 2.2],
          [0, 1, 0.2],
        ],
        // both moved since the rebalance, each past a tenth of the backlog: the window starts here
        [
          [300, 2, 3],
          [80, 1, 1],
        ],
        [
          [400, 2, 4],
          [180, 1, 2],
        ],
      ]),
      700,
    );
    expect(window.seconds).toBe(1);
    expect(window.members.map((member) => member.consumed)).toEqual([100, 100]);
    expect(window.total).toMatchObject({ consumed: 200, per_cpu_second: 100, cpu_cores: 2 });
  });

  it('says the backlog ran out when no sample had every member working', () => {
    expect(() =>
      throughputWindow(
        samples([
          [
            [0, 1, 0],
            [0, 0, 0],
          ],
          [
            [500, 1, 1],
            [0, 1, 0],
          ],
        ]),
        500,
      ),
    ).toThrow(/use more --messages/);
  });
});
