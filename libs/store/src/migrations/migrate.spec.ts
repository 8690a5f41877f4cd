import { memoryStore } from '../testing/store-factory';
import { migrationSuite } from '../testing/migration-suite';

migrationSuite(memoryStore);
