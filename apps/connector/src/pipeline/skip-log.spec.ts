import { describe, expect, it } from 'vitest';
import { SkipLog } from './skip-log';

describe('SkipLog', () => {
  it('logs a reason once per interval, each reason on its own clock', () => {
    let now = 0;
    const skips = new SkipLog(1_000, () => now);
    const detail = () => ({});
    expect(skips.refused('malformed_json', detail)).toBe(true);
    expect(skips.refused('malformed_json', detail)).toBe(false);
    expect(skips.refused('oversized', detail)).toBe(true);
    now = 999;
    expect(skips.refused('malformed_json', detail)).toBe(false);
    now = 1_000;
    expect(skips.refused('malformed_json', detail)).toBe(true);
  });

  it('builds the detail only when it logs', () => {
    const skips = new SkipLog(1_000, () => 0);
    let built = 0;
    const detail = () => ({ built: ++built });
    skips.refused('schema_violation', detail);
    skips.refused('schema_violation', detail);
    expect(built).toBe(1);
  });
});
