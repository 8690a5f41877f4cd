import { deletionSuite } from '../testing/deletion-suite';
import { memoryStore } from '../testing/store-factory';

deletionSuite(memoryStore);
