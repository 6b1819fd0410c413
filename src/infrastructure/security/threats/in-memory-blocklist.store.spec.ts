import { blocklistStoreContract } from '../../../../test/contracts/blocklist-store.contract';
import { InMemoryBlocklistStore } from './in-memory-blocklist.store';

describe(InMemoryBlocklistStore.name, () => {
  describe('the store contract', () => blocklistStoreContract(async () => new InMemoryBlocklistStore()));
});
