import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { revealSecret, Secret } from './secret';

describe('Secret', () => {
  afterEach(() => delete process.env.RIPTIDE_SECRET_SPEC);

  it('reads again from its variable or file in a structured clone (what a worker thread gets), which holds no value', () => {
    process.env.RIPTIDE_SECRET_SPEC = 'from-env';
    const fromEnv = structuredClone(new Secret('from-env', { env: 'RIPTIDE_SECRET_SPEC' }));
    expect(JSON.stringify(fromEnv)).not.toContain('from-env');
    expect(revealSecret(fromEnv)).toBe('from-env');

    const dir = mkdtempSync(join(tmpdir(), 'riptide-secret-'));
    try {
      writeFileSync(join(dir, 'password'), 'from-file\n');
      const fromFile = structuredClone(new Secret('from-file', { file: join(dir, 'password') }));
      expect(revealSecret(fromFile)).toBe('from-file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says so when a clone has nowhere to read its value from', () => {
    expect(() => revealSecret(structuredClone(new Secret('inline')))).toThrow(
      'a secret copied to another thread cannot be read again from "nowhere"',
    );
    expect(() => revealSecret(structuredClone(new Secret('v', { env: 'RIPTIDE_SECRET_SPEC' })))).toThrow(
      'cannot be read again from {"env":"RIPTIDE_SECRET_SPEC"}',
    );
  });
});
