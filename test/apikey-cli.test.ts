import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

describe('riptide apikey', () => {
  const dir = mkdtempSync(join(tmpdir(), 'riptide-apikey-cli-'));
  const keyFile = join(dir, 'keys', 'api-keys.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the command with the key file of this test; stdout, stderr and the exit code. */
  async function riptide(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [resolve(ROOT, 'bin/riptide.cjs'), 'apikey', ...args],
        { cwd: ROOT, env: { ...process.env, RIPTIDE_API_KEYS_FILE: keyFile } },
      );
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const failed = error as { stdout: string; stderr: string; code: number };
      return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
    }
  }

  it('creates a key shown once, lists keys without secrets, revokes by name, and names bad input', async () => {
    const created = await riptide('create', '--name', 'crawler', '--role', 'ingest');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^rtk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/created key [0-9a-f]{16} "crawler" \(role ingest\); it is shown once/);
    const file = readFileSync(keyFile, 'utf8');
    expect(file).not.toContain(key.slice(21));
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const listed = await riptide('list', '--json');
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        id: key.slice(4, 20),
        name: 'crawler',
        role: 'ingest',
        created_at: expect.any(String),
        revoked_at: null,
      },
    ]);
    expect(listed.stdout).not.toMatch(/rtk_|scrypt|salt|hash/);

    expect((await riptide('revoke', 'crawler')).stdout).toMatch(/^revoked key [0-9a-f]{16} "crawler"/);
    expect(JSON.parse((await riptide('list', '--json')).stdout)[0].revoked_at).not.toBeNull();

    const badRole = await riptide('create', '--name', 'x', '--role', 'boss');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/role: "boss" is not one of ingest, reader, admin/);
  }, 120_000);
});
