import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { monitoringStoreContract } from '../../../../test/contracts/monitoring-store.contract';
import { applyContentMigrations, openTestDatabase } from '../../../../test/fixtures/test-database';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import { MONITORING_MIGRATIONS } from './monitoring.migrations';
import { SqlMonitoringStore } from './sql.monitoring-store';

describe(SqlMonitoringStore.name, () => {
  let database: OpenedDatabase | undefined;
  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  monitoringStoreContract(async () => {
    database = await openTestDatabase();
    await applyContentMigrations(database, MONITORING_MIGRATIONS);
    return new SqlMonitoringStore(database);
  });
});
