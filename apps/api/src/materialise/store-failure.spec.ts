import { sql } from 'kysely';
import { openStore } from '@riptide/store';
import { TransientError } from '@riptide/stream';
import { describe, expect, it } from 'vitest';
import { classifyStoreFailure, isStoreOutage } from './store-failure';

/** The error a real query raises. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the query to fail');
}

describe('store failures', () => {
  it('counts an unreachable server and a closed store as outages (retried, never dead-lettered)', async () => {
    const down = await openStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' });
    const refused = await failure(() => sql`select 1`.execute(down.db));
    await down.close();
    expect(isStoreOutage(refused)).toBe(true);
    expect(() => classifyStoreFailure(refused)).toThrow(TransientError);

    const closed = await openStore();
    await sql`select 1`.execute(closed.db);
    await closed.close();
    expect(isStoreOutage(await failure(() => sql`select 1`.execute(closed.db)))).toBe(true);
    expect(
      isStoreOutage({ code: '57P01', message: 'terminating connection due to administrator command' }),
    ).toBe(true);
    expect(isStoreOutage({ code: '40001', message: 'could not serialize access' })).toBe(true);
  });

  it("leaves a value the database refuses to the poison-message path (the message's fault)", async () => {
    const store = await openStore();
    try {
      await sql`create table t (n integer primary key)`.execute(store.db);
      await sql`insert into t values (1)`.execute(store.db);
      const duplicate = await failure(() => sql`insert into t values (1)`.execute(store.db));
      const outOfRange = await failure(() => sql`insert into t values (${2 ** 40})`.execute(store.db));
      for (const error of [
        duplicate,
        outOfRange,
        new TypeError("Cannot read properties of undefined (reading 'x')"),
      ]) {
        expect(isStoreOutage(error)).toBe(false);
        expect(() => classifyStoreFailure(error)).toThrow(error as Error);
      }
    } finally {
      await store.close();
    }
  });
});
