import { memoryStore } from '../testing/store-factory';
import { clusterDetailSuite } from './testing/cluster-detail-suite';
import { clusterListSuite } from './testing/cluster-list-suite';
import { objectsAndAccountsSuite } from './testing/objects-accounts-suite';
import { opinionSuite } from './testing/opinion-suite';

// The same suites run on PostgreSQL in test/api-queries-postgres.test.ts.
clusterListSuite(memoryStore);
clusterDetailSuite(memoryStore);
objectsAndAccountsSuite(memoryStore);
opinionSuite(memoryStore);
