import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore, storeOptionsFromEnv } from './open-store';

describe('storeOptionsFromEnv', () => {
  it('chooses PostgreSQL when DATABASE_URL is set', () => {
    expect(
      storeOptionsFromEnv({ DATABASE_URL: 'postgres://u:p@db:5432/riptide', RIPTIDE_PGLITE_DIR: '/x' }),
    ).toEqual({
      databaseUrl: 'postgres://u:p@db:5432/riptide',
    });
  });

  it('falls back to PGlite in RIPTIDE_PGLITE_DIR, else in the local folder, or in memory', () => {
    expect(storeOptionsFromEnv({ RIPTIDE_PGLITE_DIR: '/var/riptide/pglite' })).toEqual({
      pgliteDir: '/var/riptide/pglite',
    });
    expect(storeOptionsFromEnv({ RIPTIDE_LOCAL_DIR: '/var/riptide' })).toEqual({
      pgliteDir: '/var/riptide/pglite',
    });
    expect(storeOptionsFromEnv({})).toEqual({ pgliteDir: resolve('.local', 'pglite') });
    expect(storeOptionsFromEnv({ RIPTIDE_PGLITE_DIR: 'memory://' })).toEqual({ pgliteDir: 'memory://' });
  });
});

describe('openStore', () => {
  it('keeps a PGlite folder between opens and reads bigint as a string, as pg does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riptide-pglite-'));
    try {
      const first = await openStore({ pgliteDir: dir });
      expect(first.engine).toBe('pglite');
      expect(first.describe()).toBe(`pglite ${dir}`);
      await sql`create table kept (n bigint)`.execute(first.db);
      await sql`insert into kept values (12345678901)`.execute(first.db);
      await first.close();
      const second = await openStore({ pgliteDir: dir });
      expect((await sql<{ n: unknown }>`select n from kept`.execute(second.db)).rows).toEqual([
        { n: '12345678901' },
      ]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}.lock`, { force: true });
    }
  });

  it('refuses a PGlite folder another store holds open, and takes over the lock of a process that died', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riptide-pglite-'));
    try {
      const first = await openStore({ pgliteDir: dir });
      await expect(openStore({ pgliteDir: dir })).rejects.toThrow(
        /RIPTIDE_PGLITE_DIR: .* is open in process \d+ \(this one\)/,
      );
      await first.close();
      writeFileSync(`${dir}.lock`, '2147483646\n');
      await (await openStore({ pgliteDir: dir })).close();
      expect(existsSync(`${dir}.lock`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('describes a PostgreSQL store without its password, and names DATABASE_URL when it is not a URL', async () => {
    const store = await openStore({ databaseUrl: 'postgres://riptide:s3cret@db.example:6432/analyst' });
    expect(store.engine).toBe('postgres');
    expect(store.describe()).toBe('postgres db.example:6432/analyst');
    await store.close();
    await expect(openStore({ databaseUrl: 'not a url' })).rejects.toThrow(/DATABASE_URL: not a URL/);
  });

  it('closes a store that never ran a query', async () => {
    const store = await openStore();
    await store.close();
  });
});
