import { createMemoryStore } from '../../src/provider/stores/memory-store.js';
import { storeContract } from './stores-contract.js';

storeContract('memory', (options) => createMemoryStore(options));
