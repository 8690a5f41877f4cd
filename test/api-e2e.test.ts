import { scratchPostgresDatabase, type ScratchDatabase } from '@riptide/store';
import { afterAll, beforeAll, describe } from 'vitest';
import { apiEndToEndSuite } from './support/api-e2e-suite';

// The same suite on the embedded engine and on the real PostgreSQL server (127.0.0.1:5432, or
// DATABASE_URL): a database created for this run and dropped after it.
apiEndToEndSuite('PGlite', () => undefined);

describe('on PostgreSQL', () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await scratchPostgresDatabase('riptide_api_e2e');
  });
  afterAll(() => database?.drop());
  apiEndToEndSuite('PostgreSQL', () => database.url);
});
