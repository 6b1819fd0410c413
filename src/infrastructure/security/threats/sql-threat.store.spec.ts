import { threatOf, threatStoreContract } from '../../../../test/contracts/threat-store.contract';
import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { applyContentMigrations, openTestDatabase } from '../../../../test/fixtures/test-database';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import { SqlThreatStore } from './sql-threat.store';
import { THREATS_MIGRATIONS } from './threats.migrations';

describe(`${SqlThreatStore.name} on the embedded database`, () => {
  let database: OpenedDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
    await applyContentMigrations(database, THREATS_MIGRATIONS);
  }, BOOT_TIMEOUT_MS);

  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  const fresh = async (maxThreats?: number) => {
    await database.db.deleteFrom('security_threats').execute();
    return new SqlThreatStore(database.db, maxThreats);
  };

  describe('the store contract', () => threatStoreContract(() => fresh()));

  it('cuts the table back to maxThreats every tenth of it saved', async () => {
    const sut = await fresh(20);
    for (let i = 0; i < 21; i++) await sut.save(threatOf(`t${i}`, 'acme'));
    expect((await sut.list({ scope: { allTenants: true } })).length).toBe(21);
    await sut.save(threatOf('t21', 'acme'));
    const kept = await sut.list({ scope: { allTenants: true } });
    expect([kept.length, kept[0].threatId, kept[19].threatId]).toEqual([20, 't21', 't2']);
  });
});
