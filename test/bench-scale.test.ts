import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const ROLES = [
  'scorer',
  'coordination-detect',
  'coordination-cluster',
  'opinion',
  'ingest',
  'api',
  'connector',
];
const GROUP_ROLES = ['scorer', 'coordination-detect'];

interface Figures {
  per_s: number;
  per_cpu_second: number;
  cpu_cores: number;
}
interface Ids {
  expected: number;
  lost: number;
  duplicates: number;
  unexpected: number;
}
interface Run {
  total: Figures;
  members: Figures[];
  ids: Ids;
  peak_rss_mib: number[];
}
interface GroupRole {
  one_instance: Run;
  two_instances: Run;
  scaling: {
    per_cpu_second_ratio: number;
    per_s_ratio: number;
    side_by_side: { per_cpu_second_ratio: number; one_instance: Run; two_instances: Run };
  };
  rebalance: {
    inputs: number;
    join: { join_to_assigned_s: number; join_to_both_consuming_s: number; instance_start_s: number };
    kill: {
      session_timeout_ms: number;
      dead_partitions: number[];
      kill_to_rebalance_s: number;
      kill_to_taken_over_s: number;
      kill_to_resumed_s: number;
    };
    ids: Ids;
  };
}

/**
 * `riptide bench --scale` at a tiny size on the test broker: timings are never asserted (the machine is
 * shared), only that every figure is there and positive, and that no input went missing.
 */
describe('riptide bench --scale on the real broker', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'riptide-bench-scale-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('measures every role, checks every output and writes the capacity file', async () => {
    const capacityFile = join(outDir, 'capacity.json');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        resolve(ROOT, 'bin/riptide.cjs'),
        'bench',
        '--scale',
        '--messages',
        '20000',
        '--rounds',
        '1',
        // The shortest session libs/stream accepts: the kill's takeover waits for it.
        '--session-timeout-ms',
        '6000',
        '--capacity-out',
        capacityFile,
      ],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info' }, maxBuffer: 16 * 1024 * 1024 },
    );
    const summary = JSON.parse(stdout) as {
      schema: string;
      problems: string[];
      roles: Record<string, unknown>;
      capacity: { roles: Record<string, Record<string, unknown>> };
    };
    expect(summary.schema).toBe('riptide-bench-scale/v1');
    expect(summary.problems).toEqual([]);
    expect(Object.keys(summary.roles)).toEqual(ROLES);

    for (const name of GROUP_ROLES) {
      const role = summary.roles[name] as GroupRole;
      const { side_by_side: sideBySide } = role.scaling;
      for (const run of [
        role.one_instance,
        role.two_instances,
        sideBySide.one_instance,
        sideBySide.two_instances,
      ]) {
        expectPositive(run.total);
        for (const member of run.members) expectPositive(member);
        expect(run.ids).toMatchObject({ lost: 0, duplicates: 0, unexpected: 0 });
        expect(run.ids.expected).toBeGreaterThan(0);
        expect(Math.min(...run.peak_rss_mib)).toBeGreaterThan(0);
      }
      expect(role.two_instances.members).toHaveLength(2);
      expect(role.scaling.per_cpu_second_ratio).toBeGreaterThan(0);
      expect(role.scaling.per_s_ratio).toBeGreaterThan(0);
      expect(sideBySide.per_cpu_second_ratio).toBeGreaterThan(0);
      const { join, kill, ids } = role.rebalance;
      expect(join.instance_start_s).toBeGreaterThan(0);
      expect(join.join_to_assigned_s).toBeGreaterThanOrEqual(0);
      expect(join.join_to_both_consuming_s).toBeGreaterThan(0);
      expect(kill.session_timeout_ms).toBe(6000);
      expect(kill.dead_partitions.length).toBeGreaterThan(0);
      // The survivor cannot take over before the dead instance's session has timed out.
      expect(kill.kill_to_rebalance_s).toBeGreaterThan(5);
      expect(kill.kill_to_taken_over_s).toBeGreaterThanOrEqual(kill.kill_to_rebalance_s);
      expect(kill.kill_to_resumed_s).toBeGreaterThanOrEqual(kill.kill_to_taken_over_s);
      // Across a kill at-least-once may redo work (duplicates), but nothing is lost.
      expect(role.rebalance.inputs).toBeGreaterThan(0);
      expect(ids).toMatchObject({ lost: 0, unexpected: 0 });
    }

    const written = JSON.parse(readFileSync(capacityFile, 'utf8')) as typeof summary.capacity;
    expect(written).toEqual(summary.capacity);
    expect(Object.keys(written.roles)).toEqual(ROLES);
    for (const role of ROLES) {
      const { unit, source, ...figures } = written.roles[role];
      expect(typeof unit).toBe('string');
      expect(typeof source).toBe('string');
      expect(Object.keys(figures).sort()).toEqual(['cpuCores', 'perCpuSecond', 'perInstance', 'rssMiB']);
      for (const value of Object.values(figures)) expect(value).toBeGreaterThan(0);
    }
  }, 240_000);
});

function expectPositive(figures: Figures): void {
  expect(figures.per_s).toBeGreaterThan(0);
  expect(figures.per_cpu_second).toBeGreaterThan(0);
  expect(figures.cpu_cores).toBeGreaterThan(0);
}
