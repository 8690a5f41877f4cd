import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definedMetricNames, undefinedMetrics } from './support/prometheus/defined-metrics';

const PROMETHEUS_DIR = resolve(__dirname, '../deploy/prometheus');
const RULES_DIR = resolve(PROMETHEUS_DIR, 'rules');
const ruleFiles = readdirSync(RULES_DIR).filter(
  (name) => name.endsWith('.yml') && !name.endsWith('.test.yml'),
);
const ruleTests = readdirSync(RULES_DIR).filter((name) => name.endsWith('.test.yml'));

/** Runs promtool in `cwd`; a failure carries everything promtool printed, which names the rule and the case. */
function promtool(args: string[], cwd: string): string {
  try {
    return execFileSync('promtool', args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr, message, code } = error as {
      stdout?: string;
      stderr?: string;
      message: string;
      code?: string;
    };
    if (code === 'ENOENT') throw new Error('promtool is missing: apt-get install prometheus (Debian)');
    throw new Error(`promtool ${args.join(' ')} failed: ${message}\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

describe('deploy/prometheus (Debian package prometheus: promtool)', () => {
  it('finds the rule files and their unit tests', () => {
    expect(ruleFiles).toEqual(expect.arrayContaining(['alerts.yml', 'recording.yml']));
    expect(ruleTests.length).toBeGreaterThan(0);
  });

  it('has a valid configuration whose rule files exist', () => {
    promtool(['check', 'config', 'prometheus.yml'], PROMETHEUS_DIR);
  });

  it('has valid rules', () => {
    promtool(['check', 'rules', ...ruleFiles], RULES_DIR);
  });

  it('select only metrics the services define (recorded names, with a colon, aside)', () => {
    // A metric name not preceded or followed by a colon: recorded series are level:metric:operations.
    const metricName = /(?<![:\w])((?:riptide|process|nodejs)_[a-z0-9_]+)(?![:\w])/g;
    const selected = ruleFiles.flatMap((file) =>
      [...readFileSync(resolve(RULES_DIR, file), 'utf8').matchAll(metricName)].map((match) => match[1]),
    );
    expect(selected.length).toBeGreaterThan(0);
    expect(undefinedMetrics(new Set(selected), definedMetricNames())).toEqual([]);
  });

  it('passes the rule unit tests (each alert firing and not firing)', () => {
    promtool(['test', 'rules', ...ruleTests], RULES_DIR);
  });
});
