import { apiKeyStoreSuite } from '../testing/api-key-store-suite';
import { memoryStore } from '../testing/store-factory';

apiKeyStoreSuite(memoryStore);
