import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { authorProfileCodec, postCodec } from '@riptide/contracts';
import { compileTopicMatcher, loadTopicRegistry } from '@riptide/nlp';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, [resolve(ROOT, 'bin/riptide.cjs'), ...args], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });

interface Mae {
  raw: number;
  corrected: number;
  corrected_weighted: number;
}

describe('riptide eval opinion with the real small models', () => {
  it("reports every stable field; raking beats raw counting on true labels, and correction does with the texts' own confusion", async () => {
    const { stdout } = await run(['eval', 'opinion', '--seeds', '1', '--volume', '24000', '--tier', 'small']);
    const report = JSON.parse(stdout) as {
      tier: string;
      volume_per_day: number;
      models: { stance: string; sentiment: string };
      correction: { ran: boolean };
      population: { mae: Mae };
      groups: { mae: Mae };
      coverage_90: { population: number; groups: number };
      detectors: Record<
        string,
        { detection_rate: number; median_delay_buckets: number | null; false_alarms_per_1000: number }
      >;
      decomposition: { persuasion: number; composition: number };
      diagnostics: Record<'validation_matrix' | 'gold_labels', { population: { mae: Mae } }>;
      volumes: { volume_per_day: number }[];
      wall_seconds: number;
    };
    expect(report.tier).toBe('small');
    expect(report.volume_per_day).toBe(24000);
    expect(report.volumes.map((volume) => volume.volume_per_day)).toEqual([24000]);
    expect(report.models.stance).toMatch(/^stance-small@/);
    expect(typeof report.correction.ran).toBe('boolean');
    for (const part of [report.population.mae, report.groups.mae])
      for (const value of [part.raw, part.corrected, part.corrected_weighted])
        expect(value).toBeGreaterThanOrEqual(0);
    // With the shipped out-of-fold matrices the corrected and weighted error is not below the raw one on
    // these few dozen validation texts per target (docs/opinion.md, Simulation and evaluation): the
    // report says so, and the test asserts what must hold. The stream over-represents the young, whose
    // stance differs: with perfect labels, raking removes that bias; with the texts' own confusion, the
    // correction removes the classifier's.
    const { gold_labels: gold, validation_matrix: validation } = report.diagnostics;
    expect(gold.population.mae.corrected_weighted).toBeLessThan(gold.population.mae.raw);
    expect(validation.population.mae.corrected_weighted).toBeLessThan(validation.population.mae.raw);
    expect(report.coverage_90.population).toBeGreaterThanOrEqual(0);
    expect(report.coverage_90.groups).toBeLessThanOrEqual(1);
    expect(Object.keys(report.detectors).sort()).toEqual(['bocpd', 'cusum', 'two-window']);
    for (const detector of Object.values(report.detectors)) {
      expect(detector.detection_rate).toBeGreaterThanOrEqual(0);
      expect(detector.false_alarms_per_1000).toBeGreaterThanOrEqual(0);
    }
    expect(report.decomposition.persuasion).toBeGreaterThanOrEqual(0);
    expect(report.wall_seconds).toBeGreaterThan(0);
  }, 300_000);
});

describe('riptide simulate opinion', () => {
  const out = mkdtempSync(join(tmpdir(), 'riptide-simulate-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes posts and authors the contracts accept, every post routed to the topic, and the truth', async () => {
    const { stdout } = await run([
      'simulate',
      'opinion',
      '--seed',
      '3',
      '--topic',
      'hillary',
      '--days',
      '2',
      '--volume',
      '480',
      '--accounts',
      '300',
      '--shift',
      'persuasion:age_group=45-64:0.1:30',
      '--out',
      out,
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ posts: 960, authors: 300, shifts: 1 });
    const lines = (file: string) => readFileSync(join(out, file), 'utf8').trim().split('\n');
    const matcher = compileTopicMatcher(loadTopicRegistry(resolve(ROOT, 'config/topics.json')));
    const posts = lines('posts.ndjson').map((line) => postCodec.decode(line));
    for (const post of posts) {
      expect(post.ok).toBe(true);
      if (post.ok)
        expect(matcher({ text: post.value.text, hashtags: post.value.hashtags })).toContain('hillary');
    }
    const authors = lines('authors.ndjson').map((line) => authorProfileCodec.decode(line));
    expect(authors.every((author) => author.ok)).toBe(true);
    const newest = posts.reduce(
      (latest, post) => (post.ok ? Math.max(latest, Date.parse(post.value.created_at)) : latest),
      0,
    );
    expect(newest).toBeLessThanOrEqual(Date.now());

    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8')) as {
      shifts: { kind: string; group: Record<string, string>; start_bucket: number }[];
      buckets: { groups: { group: Record<string, string>; account_shares: { favor: number } }[] }[];
    };
    expect(truth.shifts).toEqual([
      expect.objectContaining({ kind: 'persuasion', group: { age_group: '45-64' }, start_bucket: 30 }),
    ]);
    expect(truth.buckets).toHaveLength(48);
    const favorOf = (bucket: number) =>
      truth.buckets[bucket].groups.find((group) => group.group.age_group === '45-64')!.account_shares.favor;
    expect(favorOf(30) - favorOf(29)).toBeCloseTo(0.1, 1);
  }, 120_000);
});
