import { scratchPostgresStore } from '../libs/store/src/testing/store-factory';
import { clusterDetailSuite } from '../libs/store/src/queries/testing/cluster-detail-suite';
import { clusterListSuite } from '../libs/store/src/queries/testing/cluster-list-suite';
import { objectsAndAccountsSuite } from '../libs/store/src/queries/testing/objects-accounts-suite';
import { opinionSuite } from '../libs/store/src/queries/testing/opinion-suite';

// The read-side query suites of libs/store (run there on PGlite) on the real PostgreSQL server, each on
// a database created for it and dropped after.
const postgres = scratchPostgresStore();
clusterListSuite(postgres);
clusterDetailSuite(postgres);
objectsAndAccountsSuite(postgres);
opinionSuite(postgres);
