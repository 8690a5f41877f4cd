import { migrateToLatest, openStore, PGLITE_MEMORY, type Store } from '@riptide/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreVersion } from './store-version';

describe('StoreVersion', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ pgliteDir: PGLITE_MEMORY });
    await migrateToLatest(store.db);
  }, 60_000);
  afterAll(() => store?.close());

  it('changes when this process writes a batch and when anyone moves a materialiser offset', async () => {
    const version = new StoreVersion();
    await version.start(store, 60_000);
    const initial = version.current;
    version.bump();
    const bumped = version.current;
    expect(bumped).not.toBe(initial);

    // Another writer (a second api on the same database): seen at the next poll.
    await store.db
      .insertInto('materialiser_offsets')
      .values({ topic: 'shares', partition: 0, next_offset: '42' })
      .execute();
    expect(version.current).toBe(bumped);
    await version.start(store, 60_000);
    expect(version.current).not.toBe(bumped);
    version.stop();
  });

  it('notices a reset that empties the offsets', async () => {
    const version = new StoreVersion();
    await version.start(store, 60_000);
    const before = version.current;
    await store.db.deleteFrom('materialiser_offsets').execute();
    await version.start(store, 60_000);
    expect(version.current).not.toBe(before);
    version.stop();
  });
});
