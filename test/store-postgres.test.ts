import { apiKeyStoreSuite } from '../libs/store/src/testing/api-key-store-suite';
import { materialiseSuite } from '../libs/store/src/testing/materialise-suite';
import { migrationSuite } from '../libs/store/src/testing/migration-suite';
import { scratchPostgresStore } from '../libs/store/src/testing/store-factory';

/**
 * The libs/store suites (run there on PGlite in memory) on the real PostgreSQL: DATABASE_URL's server,
 * else 127.0.0.1:5432 (user postgres, database test). Every suite gets a fresh database, dropped after.
 */
const postgres = scratchPostgresStore();

migrationSuite(postgres);
materialiseSuite(postgres);
apiKeyStoreSuite(postgres);
