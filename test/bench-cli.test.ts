import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

describe('riptide bench on the real broker', () => {
  it('prints nothing but its JSON summary on stdout, logs included', async () => {
    // The stream pass-through logs (its consumer says "consuming" at info level): those lines must go
    // to stderr, or the summary a script reads from stdout would not parse.
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        resolve(ROOT, 'bin/riptide.cjs'),
        'bench',
        '--only',
        'stream_passthrough,stream_fanout',
        '--messages',
        '2000',
        '--rounds',
        '1',
      ],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info' }, maxBuffer: 16 * 1024 * 1024 },
    );
    const summary = JSON.parse(stdout) as {
      schema: string;
      baseline: { per_s: number; cpu_us_per_input: number };
      scorer_ceiling: { skipped?: string };
      stages: Record<
        string,
        {
          per_s?: number;
          ratio_to_baseline?: number;
          messages?: number;
          output_messages?: number;
          outputs_per_input?: number;
          cpu_us_per_input?: number;
          without_text_shares?: {
            messages: number;
            output_messages: number;
            ratio_to_baseline: number;
            cpu_us_per_input: number;
          };
        }
      >;
    };
    expect(summary.schema).toBe('riptide-bench/v1');
    expect(summary.baseline.per_s).toBeGreaterThan(0);
    expect(summary.stages.stream_passthrough.ratio_to_baseline).toBeGreaterThan(0);
    // The fan-out produced the scorer's mix: every post plus 4.24 (or 1.24) share-sized messages.
    const fanOut = summary.stages.stream_fanout;
    expect(fanOut.outputs_per_input).toBe(5.24);
    expect(fanOut.output_messages! / fanOut.messages!).toBeCloseTo(5.24, 3);
    expect(fanOut.ratio_to_baseline).toBeGreaterThan(0);
    const withoutText = fanOut.without_text_shares!;
    expect(withoutText.output_messages / withoutText.messages).toBeCloseTo(2.24, 3);
    expect(withoutText.ratio_to_baseline).toBeGreaterThan(0);
    // CPU per input is measured over each timed window: producing 5.24 messages per post costs more
    // than producing 2.24.
    expect(summary.baseline.cpu_us_per_input).toBeGreaterThan(0);
    expect(fanOut.cpu_us_per_input!).toBeGreaterThan(withoutText.cpu_us_per_input);
    // The one-core ceiling needs scoring_core in the same run: without it, it says so.
    expect(summary.scorer_ceiling.skipped).toContain('scoring_core');
    expect(stderr).toContain('"msg":"consuming"');
  }, 120_000);
});
