import { Migrator } from 'kysely';
import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { openTestDatabase } from '../../../test/fixtures/test-database';
import type { OpenedDatabase } from '../../core/persistence/sql-database.factory';
import { AutointelRepository } from './autointel.repository';
import type { RunRecord } from './autointel.types';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function run(workflowId: string, fields: Pick<RunRecord, 'requestId' | 'traceId'>): RunRecord {
  return {
    workflowId,
    tenantId: 'acme',
    workspaceId: 'default',
    url: 'https://example.org',
    depth: 'standard',
    mode: 'fallback',
    status: 'queued',
    createdAt: 1_000,
    startedAt: null,
    finishedAt: null,
    attempts: 0,
    events: [],
    result: null,
    error: null,
    ...fields,
  };
}

describe(AutointelRepository.name, () => {
  let database: OpenedDatabase;
  let sut: AutointelRepository;
  let migrator: Migrator;

  beforeAll(async () => {
    database = await openTestDatabase();
    sut = new AutointelRepository(database);
    migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: async () => ({ ...sut.migrations }) },
      migrationTableName: 'autointel_migrations',
    });
  }, BOOT_TIMEOUT_MS);
  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  it('loads a run stored before the correlation columns were added, with null request and trace ids', async () => {
    expect((await migrator.migrateTo('2026_11_24_210_autointel_runs')).error).toBeUndefined();
    await database.db
      .insertInto('autointel_runs')
      .values({
        workflow_id: 'old-1',
        tenant_id: 'acme',
        workspace_id: 'default',
        url: 'https://example.org',
        depth: 'standard',
        mode: 'fallback',
        status: 'running',
        created_at: 500,
        attempts: 1,
        events: '[]',
      })
      .execute();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();

    const old = await sut.get('acme', 'old-1');
    expect([old?.workflowId, old?.requestId, old?.traceId, old?.status]).toEqual(['old-1', null, null, 'running']);
    expect(await sut.unfinished()).toEqual([{ workflowId: 'old-1', tenantId: 'acme' }]);
  });

  it("stores a run's request id, trace id and W3C trace context; its job carries them after a restart", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await sut.insert(run('new-1', { requestId: 'req-1', traceId }), { traceparent: TRACEPARENT, tracestate: 'a=1' });
    await sut.insert(run('new-2', { requestId: 'req-2', traceId: 'c'.repeat(32) }), undefined);

    expect((await sut.get('acme', 'new-1'))?.requestId).toBe('req-1');
    expect((await sut.get('acme', 'new-1'))?.traceId).toBe(traceId);
    expect(await sut.unfinished()).toEqual([
      { workflowId: 'old-1', tenantId: 'acme' },
      { workflowId: 'new-1', tenantId: 'acme', requestId: 'req-1', traceparent: TRACEPARENT, tracestate: 'a=1' },
      { workflowId: 'new-2', tenantId: 'acme', requestId: 'req-2' },
    ]);
  });
});
