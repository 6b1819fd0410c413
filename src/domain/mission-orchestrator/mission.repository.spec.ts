import { Migrator } from 'kysely';
import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { openTestDatabase } from '../../../test/fixtures/test-database';
import type { OpenedDatabase } from '../../core/persistence/sql-database.factory';
import { ok } from '../../core/result/step-result';
import { MissionRepository } from './mission.repository';
import type { MissionRecord } from './mission.types';
import { newMissionRecord } from './mission-record';
import { planMission } from './planning/mission-plan';

const mission = (tenantId: string, missionId: string, createdAt: number): MissionRecord =>
  newMissionRecord(planMission({ url: 'https://example.org/talk', depth: 'deep' }, missionId), {
    tenantId,
    workspaceId: 'news',
    requestId: `req-${missionId}`,
    createdAt,
    planningCostUsd: 0.004,
  });

describe(MissionRepository.name, () => {
  let database: OpenedDatabase;
  let sut: MissionRepository;

  beforeAll(async () => {
    database = await openTestDatabase();
    sut = new MissionRepository(database);
    const migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: async () => ({ ...sut.migrations }) },
      migrationTableName: 'mission_migrations',
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  }, BOOT_TIMEOUT_MS);
  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  it('stores a mission and its checkpoints, read back whole and only by its own tenant', async () => {
    const queued = mission('acme', 'm-1', 1_000);
    expect(await sut.insert(queued)).toBe(true);
    expect(await sut.get('acme', 'm-1')).toEqual(queued);
    const checkpointed: MissionRecord = {
      ...queued,
      status: 'running',
      attempts: 1,
      startedAt: 2_000,
      stages: [
        {
          id: 'mission_planning',
          status: 'completed',
          result: ok({ stages: 12 }),
          spent: { costUsd: 0.004, toolCalls: 0, seconds: 0.5 },
          startedAt: 2_000,
          finishedAt: 2_500,
        },
      ],
      pulled: { S11: ok({ ai_quality_score: 0.8 }) },
      ledger: { costUsd: 0.004, toolCalls: 0, iterations: 1, seconds: 0.5 },
      decisions: ['replanned before acquisition'],
      messages: ['Mission m-1 (deep)'],
    };
    expect(await sut.save(checkpointed)).toBe(true);
    expect(await sut.get('acme', 'm-1')).toEqual({ ...checkpointed, revision: 1 });
    expect(await sut.get('other', 'm-1')).toBeUndefined();
  });

  it('writes a checkpoint only over the revision it was made from: a stale writer changes nothing', async () => {
    const stored = (await sut.get('acme', 'm-1'))!;
    const stale = { ...stored, messages: ['from a run that read revision 1'] };
    expect(await sut.save({ ...stored, decisions: ['the first writer'] })).toBe(true);
    expect(await sut.save(stale)).toBe(false);
    const now = (await sut.get('acme', 'm-1'))!;
    expect([now.revision, now.decisions, now.messages]).toEqual([2, ['the first writer'], ['Mission m-1 (deep)']]);
  });

  it('attaches a session to the run under way only, and checkpoints never overwrite it', async () => {
    const stored = (await sut.get('acme', 'm-1'))!;
    expect(await sut.save({ ...stored, runId: 'run-1' })).toBe(true);
    expect(await sut.attachSession('acme', 'm-1', 'run-0', 's-old')).toBe(false);
    expect(await sut.attachSession('acme', 'm-1', 'run-1', 's-1')).toBe(true);
    const attached = (await sut.get('acme', 'm-1'))!;
    expect([attached.runId, attached.sessionId, attached.revision]).toEqual(['run-1', 's-1', 3]);
    expect(await sut.save({ ...attached, sessionId: null, messages: [] })).toBe(true);
    expect((await sut.get('acme', 'm-1'))?.sessionId).toBe('s-1');
  });

  it('keeps mission ids unique per tenant: the same id in another tenant is another mission', async () => {
    expect(await sut.insert(mission('acme', 'm-1', 1_500))).toBe(false);
    expect(await sut.insert(mission('globex', 'm-1', 1_500))).toBe(true);
    expect((await sut.get('acme', 'm-1'))?.createdAt).toBe(1_000);
    expect((await sut.list('globex', 10)).map((m) => [m.tenantId, m.missionId])).toEqual([['globex', 'm-1']]);
  });

  it('lists the newest first, by status; requeues only from the status seen; finds the unfinished', async () => {
    await sut.insert(mission('acme', 'm-2', 3_000));
    await sut.save({ ...mission('acme', 'm-2', 3_000), status: 'interrupted' });
    await sut.insert(mission('acme', 'm-3', 4_000));
    await sut.save({ ...mission('acme', 'm-3', 4_000), status: 'completed' });
    expect((await sut.list('acme', 10)).map((m) => m.missionId)).toEqual(['m-3', 'm-2', 'm-1']);
    expect((await sut.list('acme', 1)).map((m) => m.missionId)).toEqual(['m-3']);
    expect((await sut.list('acme', 10, 'interrupted')).map((m) => m.missionId)).toEqual(['m-2']);
    expect(await sut.unfinished()).toEqual([
      { tenantId: 'acme', missionId: 'm-1', status: 'running', mode: 'pipeline' },
      { tenantId: 'globex', missionId: 'm-1', status: 'queued', mode: 'pipeline' },
      { tenantId: 'acme', missionId: 'm-2', status: 'interrupted', mode: 'pipeline' },
    ]);
    expect(await sut.requeue('acme', 'm-2', 'failed')).toBe(false);
    expect(await sut.requeue('acme', 'm-2', 'interrupted')).toBe(true);
    expect(await sut.get('acme', 'm-2')).toMatchObject({ status: 'queued', revision: 2 });
  });
});
