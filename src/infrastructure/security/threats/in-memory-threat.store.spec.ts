import { InMemoryThreatStore } from './in-memory-threat.store';
import type { SecurityThreat } from './threat.types';

function threat(id: string, tenantId: string | undefined, status: SecurityThreat['status'] = 'open'): SecurityThreat {
  return {
    threatId: id,
    threatType: 'injection_attempt',
    threatLevel: 'high',
    description: 'd',
    ...(tenantId ? { tenantId } : {}),
    timestamp: '2027-01-15T08:00:00.000Z',
    metadata: {},
    status,
    mitigated: status !== 'open',
  };
}

describe(InMemoryThreatStore.name, () => {
  it('lists newest first, by scope and status, up to a limit', async () => {
    const sut = new InMemoryThreatStore();
    for (const t of [
      threat('a', 'acme'),
      threat('b', 'globex'),
      threat('c', 'acme', 'mitigated'),
      threat('d', undefined),
    ])
      await sut.save(t);
    const ids = (ts: SecurityThreat[]) => ts.map((t) => t.threatId);
    expect(ids(await sut.list({ scope: { allTenants: true } }))).toEqual(['d', 'c', 'b', 'a']);
    expect(ids(await sut.list({ scope: { tenantId: 'acme' } }))).toEqual(['c', 'a']);
    expect(ids(await sut.list({ scope: { tenantId: 'acme' }, statuses: ['open'] }))).toEqual(['a']);
    expect(ids(await sut.list({ scope: { allTenants: true }, limit: 2 }))).toEqual(['d', 'c']);
  });

  it('keeps the detection order when a threat is replaced', async () => {
    const sut = new InMemoryThreatStore();
    await sut.save(threat('a', 'acme'));
    await sut.save(threat('b', 'acme'));
    await sut.save(threat('a', 'acme', 'resolved'));
    expect((await sut.list({ scope: { allTenants: true } })).map((t) => [t.threatId, t.status])).toEqual([
      ['b', 'open'],
      ['a', 'resolved'],
    ]);
  });

  it('drops the oldest threat past maxThreats and counts it', async () => {
    const sut = new InMemoryThreatStore(2);
    for (const id of ['a', 'b', 'c']) await sut.save(threat(id, 'acme'));
    expect([sut.size, sut.evicted, await sut.get('a')]).toEqual([2, 1, undefined]);
  });
});
