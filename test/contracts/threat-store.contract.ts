import type { ThreatStore } from '../../src/infrastructure/security/threats/threat.store';
import type { SecurityThreat } from '../../src/infrastructure/security/threats/threat.types';

const T0 = 1_800_000_000_000;

/** A threat detected `atMs` after T0 (all at T0 by default: same-millisecond threats keep their saving order). */
export function threatOf(
  id: string,
  tenantId: string | undefined,
  status: SecurityThreat['status'] = 'open',
  atMs = 0,
): SecurityThreat {
  return {
    threatId: id,
    threatType: 'injection_attempt',
    threatLevel: 'high',
    description: 'd',
    ...(tenantId ? { tenantId } : {}),
    timestamp: new Date(T0 + atMs).toISOString(),
    metadata: {},
    status,
    mitigated: status !== 'open',
  };
}

const ids = (ts: SecurityThreat[]) => ts.map((t) => t.threatId);

/**
 * What every {@link ThreatStore} must do: run by the unit tests on the in-memory store and on the embedded
 * database, and by the scale tests on PostgreSQL. `create` gives a store with no threats.
 */
export function threatStoreContract(create: () => Promise<ThreatStore>): void {
  let sut: ThreatStore;

  beforeEach(async () => {
    sut = await create();
  });

  it('round-trips a threat with every field, and answers undefined for an unknown id', async () => {
    const full: SecurityThreat = {
      ...threatOf('THR_1800000000_0000abcd', 'acme', 'resolved'),
      threatType: 'auth_failure',
      sourceIp: '2001:db8::7',
      keyId: 'ck_00000000000000b7',
      metadata: { detector: 'auth_failures', scopes: ['ip', 'principal'], limit: 10, nested: { a: [1, null] } },
      mitigationAction: 'block_ip',
      mitigatedAt: '2027-01-15T08:00:00.001Z',
      mitigationExpiresAt: '2027-01-15T08:15:00.001Z',
      resolvedAt: '2027-01-15T09:00:00.000Z',
      resolvedBy: 'ck_00000000000000a1',
      resolutionNote: 'a false alarm: a load test',
    };
    await sut.save(full);
    expect(await sut.get(full.threatId)).toEqual(full);
    expect(await sut.get('THR_1800000000_ffffffff')).toBeUndefined();
  });

  it('lists newest first, by scope and status, up to a limit', async () => {
    for (const t of [
      threatOf('a', 'acme'),
      threatOf('b', 'globex'),
      threatOf('c', 'acme', 'mitigated'),
      threatOf('d', undefined),
    ])
      await sut.save(t);
    expect(ids(await sut.list({ scope: { allTenants: true } }))).toEqual(['d', 'c', 'b', 'a']);
    expect(ids(await sut.list({ scope: { tenantId: 'acme' } }))).toEqual(['c', 'a']);
    expect(ids(await sut.list({ scope: { tenantId: 'acme' }, statuses: ['open'] }))).toEqual(['a']);
    expect(ids(await sut.list({ scope: { allTenants: true }, statuses: ['open', 'mitigated'] }))).toEqual([
      'd',
      'c',
      'b',
      'a',
    ]);
    expect(ids(await sut.list({ scope: { allTenants: true }, statuses: [] }))).toEqual([]);
    expect(ids(await sut.list({ scope: { allTenants: true }, limit: 2 }))).toEqual(['d', 'c']);
  });

  it('keeps the detection order when a threat is replaced', async () => {
    await sut.save(threatOf('a', 'acme'));
    await sut.save(threatOf('b', 'acme'));
    await sut.save(threatOf('a', 'acme', 'resolved'));
    expect((await sut.list({ scope: { allTenants: true } })).map((t) => [t.threatId, t.status])).toEqual([
      ['b', 'open'],
      ['a', 'resolved'],
    ]);
  });

  it('deletes the threats detected before a cutoff, whatever their status', async () => {
    await sut.save(threatOf('old', 'acme', 'resolved', 0));
    await sut.save(threatOf('edge', 'acme', 'open', 1000));
    await sut.save(threatOf('new', 'acme', 'mitigated', 2000));
    expect(await sut.deleteDetectedBefore(T0 + 1000)).toBe(1);
    expect(ids(await sut.list({ scope: { allTenants: true } }))).toEqual(['new', 'edge']);
    expect(await sut.deleteDetectedBefore(T0 + 1000)).toBe(0);
  });

  it('deletes all but the newest threats', async () => {
    for (const id of ['a', 'b', 'c', 'd']) await sut.save(threatOf(id, 'acme'));
    expect(await sut.deleteBeyond(2)).toBe(2);
    expect(ids(await sut.list({ scope: { allTenants: true } }))).toEqual(['d', 'c']);
    expect(await sut.deleteBeyond(2)).toBe(0);
  });
}
