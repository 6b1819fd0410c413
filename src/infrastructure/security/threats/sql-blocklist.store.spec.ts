import { blocklistStoreContract } from '../../../../test/contracts/blocklist-store.contract';
import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { applyContentMigrations, openTestDatabase } from '../../../../test/fixtures/test-database';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import { SqlBlocklistStore } from './sql-blocklist.store';
import { THREATS_MIGRATIONS } from './threats.migrations';

describe(`${SqlBlocklistStore.name} on the embedded database`, () => {
  let database: OpenedDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
    await applyContentMigrations(database, THREATS_MIGRATIONS);
  }, BOOT_TIMEOUT_MS);

  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  describe('the store contract', () =>
    blocklistStoreContract(async () => {
      await database.db.deleteFrom('security_blocklist').execute();
      return new SqlBlocklistStore(database.db);
    }));

  it('keeps the later end when two instances block the same subject at once', async () => {
    await database.db.deleteFrom('security_blocklist').execute();
    const [a, b] = [new SqlBlocklistStore(database.db), new SqlBlocklistStore(database.db)];
    const T0 = 1_800_000_000_000;
    await Promise.all([
      a.block({ kind: 'ip', value: '203.0.113.9', until: T0 + 2000, reason: 'later' }, T0),
      b.block({ kind: 'ip', value: '203.0.113.9', until: T0 + 1000, reason: 'sooner' }, T0),
    ]);
    expect(await a.get('ip', '203.0.113.9', T0)).toEqual({
      kind: 'ip',
      value: '203.0.113.9',
      until: T0 + 2000,
      reason: 'later',
    });
  });
});
