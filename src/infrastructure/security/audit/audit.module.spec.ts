import type { TestingModule } from '@nestjs/testing';
import { auditEvent as event } from '../../../../test/fixtures/audit-log';
import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { createCoreTestingModule } from '../../../../test/fixtures/core-testing';
import { testDataDir } from '../../../../test/fixtures/test-config';
import { PersistenceConfig } from '../../../core/config/kernel.config';
import { PersistenceModule } from '../../../core/persistence/persistence.module';
import { openSqlDatabase } from '../../../core/persistence/sql-database.factory';
import { AUDIT_LOG } from '../../../core/ports/audit-log.port';
import { AuditLogService } from './audit-log.service';
import { AuditModule } from './audit.module';
import { AuditRepository } from './audit.repository';

describe(AuditModule.name, () => {
  let dataDir: string;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    dataDir = testDataDir();
    moduleRef = await createCoreTestingModule({
      imports: [PersistenceModule, AuditModule],
      config: { persistence: { dataDir }, audit: { flushDelayMs: 10_000 } },
    });
  }, BOOT_TIMEOUT_MS);
  afterAll(() => moduleRef?.close(), BOOT_TIMEOUT_MS);

  it('provides the service as the AUDIT_LOG port, on tables created by the migration runner', async () => {
    const sut = moduleRef.get<AuditLogService>(AUDIT_LOG);
    expect(sut).toBe(moduleRef.get(AuditLogService));
    sut.record(event(1));
    await sut.flush();
    expect((await sut.verify()).integrity).toEqual({ ok: true, checkedRows: 1 });
  });

  it(
    'stores what is buffered and signs a checkpoint when the application shuts down',
    async () => {
      moduleRef.get(AuditLogService).record(event(2));
      await moduleRef.close();
      const database = await openSqlDatabase(Object.assign(new PersistenceConfig(), { dataDir }));
      try {
        const repo = new AuditRepository(database);
        expect((await repo.rowsAfter(0, 10, 10)).map((r) => r.resource)).toEqual(['/r/1', '/r/2']);
        expect(await repo.latestCheckpoints(10)).toMatchObject([{ seq: 2, rowCount: 2 }]);
      } finally {
        await database.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );
});
