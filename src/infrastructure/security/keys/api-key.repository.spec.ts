import { applyContentMigrations, openTestDatabase } from '../../../../test/fixtures/test-database';
import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import type { ApiKeyRecord } from './api-key.record';
import { ApiKeyRepository } from './api-key.repository';

const record = (name: string): ApiKeyRecord => ({
  prefix: 'ck_00000000000000b7',
  tenantId: 'default',
  name,
  roles: ['admin'],
  scopes: ['tenants.act_as'],
  attributes: {},
  hash: 'ab'.repeat(32),
  createdAt: 1_800_000_000_000,
  createdBy: 'bootstrap',
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  replacedBy: null,
});

describe(ApiKeyRepository.name, () => {
  let database: OpenedDatabase;
  let sut: ApiKeyRepository;

  beforeAll(async () => {
    database = await openTestDatabase();
    sut = new ApiKeyRepository(database);
    await applyContentMigrations(database, sut.migrations);
  }, BOOT_TIMEOUT_MS);

  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  it('stores a bootstrap key once when two instances try at the same time', async () => {
    const inserted = await Promise.all([sut.insertIfAbsent(record('first')), sut.insertIfAbsent(record('second'))]);
    expect(inserted.sort()).toEqual([false, true]);
    const stored = await sut.list('default');
    expect(stored.map((k) => [k.prefix, k.roles, k.scopes])).toEqual([
      ['ck_00000000000000b7', ['admin'], ['tenants.act_as']],
    ]);
    expect(await sut.hasActiveAdmin(1_800_000_000_001)).toBe(true);
  });
});
