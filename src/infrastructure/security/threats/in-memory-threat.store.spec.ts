import { threatOf, threatStoreContract } from '../../../../test/contracts/threat-store.contract';
import { InMemoryThreatStore } from './in-memory-threat.store';

describe(InMemoryThreatStore.name, () => {
  describe('the store contract', () => threatStoreContract(async () => new InMemoryThreatStore()));

  it('drops the oldest threat past maxThreats and counts it', async () => {
    const sut = new InMemoryThreatStore(2);
    for (const id of ['a', 'b', 'c']) await sut.save(threatOf(id, 'acme'));
    expect([sut.size, sut.evicted, await sut.get('a')]).toEqual([2, 1, undefined]);
  });
});
