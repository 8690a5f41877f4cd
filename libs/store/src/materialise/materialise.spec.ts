import { materialiseSuite } from '../testing/materialise-suite';
import { memoryStore } from '../testing/store-factory';

materialiseSuite(memoryStore);
