import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { openStore, scratchPostgresDatabase, type ScratchDatabase } from '@riptide/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

describe('riptide db and riptide apikey --database', () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await scratchPostgresDatabase('riptide_cli_test');
  });
  afterAll(() => database?.drop());

  /** Runs the command against this test's database; stdout, stderr and the exit code. */
  async function riptide(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [resolve(ROOT, 'bin/riptide.cjs'), ...args],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: database.url },
        },
      );
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const failed = error as { stdout: string; stderr: string; code: number };
      return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
    }
  }

  it('migrates, manages keys in the database, reports status and resets only the materialised rows', async () => {
    expect((await riptide('db', 'migrate')).stdout).toMatch(/: applied 0001-analyst-store/);

    const created = await riptide(
      'apikey',
      'create',
      '--name',
      'analyst',
      '--role',
      'reader',
      '--database',
      '--json',
    );
    expect(created.code).toBe(0);
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
    expect(key).toMatch(new RegExp(`^rtk_${id}_`));
    const listed = JSON.parse((await riptide('apikey', 'list', '--database', '--json')).stdout);
    expect(listed).toEqual([
      expect.objectContaining({ id, name: 'analyst', role: 'reader', revoked_at: null }),
    ]);

    const store = await openStore({ databaseUrl: database.url });
    try {
      await store.db
        .insertInto('materialiser_offsets')
        .values({ topic: 'shares', partition: 0, next_offset: 9 })
        .execute();
    } finally {
      await store.close();
    }
    const status = JSON.parse((await riptide('db', 'status', '--json')).stdout);
    expect(status.store).not.toContain('@');
    expect(status.rows.api_keys).toBe(1);
    expect(status.offsets).toEqual([
      expect.objectContaining({ topic: 'shares', partition: 0, next_offset: '9' }),
    ]);

    const unconfirmed = await riptide('db', 'reset');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/--yes/);
    const busy = await riptide('db', 'reset', '--yes');
    expect([busy.code, busy.stderr]).toEqual([2, expect.stringMatching(/the api seems to be materialising/)]);
    expect((await riptide('db', 'reset', '--yes', '--force')).code).toBe(0);
    const after = JSON.parse((await riptide('db', 'status', '--json')).stdout);
    expect([after.offsets, after.rows.api_keys]).toEqual([[], 1]);

    expect((await riptide('apikey', 'revoke', 'analyst', '--database')).stdout).toMatch(`revoked key ${id}`);
    // Each command boots Node and SWC (several seconds on a busy machine).
  }, 300_000);
});
