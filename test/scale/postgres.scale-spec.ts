import { MONITORING_MIGRATIONS } from '../../src/application/monitoring/store/monitoring.migrations';
import { SqlMonitoringStore } from '../../src/application/monitoring/store/sql.monitoring-store';
import type { OpenedDatabase } from '../../src/core/persistence/sql-database.factory';
import { SqlBlocklistStore } from '../../src/infrastructure/security/threats/sql-blocklist.store';
import { SqlThreatStore } from '../../src/infrastructure/security/threats/sql-threat.store';
import { THREATS_MIGRATIONS } from '../../src/infrastructure/security/threats/threats.migrations';
import { blocklistStoreContract } from '../contracts/blocklist-store.contract';
import { keyValueStoreContract } from '../contracts/key-value-store.contract';
import { monitoringStoreContract } from '../contracts/monitoring-store.contract';
import { threatStoreContract } from '../contracts/threat-store.contract';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { applyContentMigrations, openTestDatabase } from '../fixtures/test-database';
import { testDataDir } from '../fixtures/test-config';
import { createDatabase } from './helpers';

describe('SqlKeyValueStore on PostgreSQL', () =>
  keyValueStoreContract(async () => openTestDatabase(testDataDir(), await createDatabase('kv'))));

describe('the threat stores on PostgreSQL', () => {
  let database: OpenedDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(testDataDir(), await createDatabase('threats'));
    await applyContentMigrations(database, THREATS_MIGRATIONS);
  }, BOOT_TIMEOUT_MS);

  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  describe(SqlThreatStore.name, () =>
    threatStoreContract(async () => {
      await database.db.deleteFrom('security_threats').execute();
      return new SqlThreatStore(database.db);
    }),
  );

  describe(SqlBlocklistStore.name, () =>
    blocklistStoreContract(async () => {
      await database.db.deleteFrom('security_blocklist').execute();
      return new SqlBlocklistStore(database.db);
    }),
  );
});

describe('SqlMonitoringStore on PostgreSQL', () => {
  let database: OpenedDatabase | undefined;
  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  monitoringStoreContract(async () => {
    database = await openTestDatabase(testDataDir(), await createDatabase('monitoring'));
    await applyContentMigrations(database, MONITORING_MIGRATIONS);
    return new SqlMonitoringStore(database);
  });
});
