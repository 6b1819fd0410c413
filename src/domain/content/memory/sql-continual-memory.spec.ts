import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { applyContentMigrations, openTestDatabase } from '../../../../test/fixtures/test-database';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import { ManualClock } from '../../../core/runtime/clock';
import { SqlContinualMemory } from './sql-continual-memory';
import { SqlGraphMemory } from './sql-graph-memory';

const A = { tenantId: 'acme', workspaceId: 'main', index: 'continual_autointel' };
const B = { tenantId: 'globex', workspaceId: 'main', index: 'continual_autointel' };

describe(SqlContinualMemory.name, () => {
  let database: OpenedDatabase;
  let sut: SqlContinualMemory;

  beforeAll(async () => {
    database = await openTestDatabase();
    sut = new SqlContinualMemory(database, new ManualClock(5_000));
    const graph = new SqlGraphMemory(database, new ManualClock(0));
    await applyContentMigrations(database, { ...graph.migrations, ...sut.migrations });
  }, BOOT_TIMEOUT_MS);
  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  describe('append and recent', () => {
    it('returns the newest entries first; a repeated id is a no-op', async () => {
      await sut.append(A, { id: 'e1', text: 'first', tags: ['deception_score:0.7'], at: 100 });
      await sut.append(A, { id: 'e2', text: 'second', tags: ['deception_score:0.2', 'deception_score:0.2'], at: 300 });
      await sut.append(A, { id: 'e3', text: 'third', tags: [], at: 200 });
      await sut.append(A, { id: 'e1', text: 'first again', tags: ['x'], at: 900 });
      expect(await sut.recent(A, 10)).toEqual([
        { id: 'e2', text: 'second', tags: ['deception_score:0.2'], at: 300 },
        { id: 'e3', text: 'third', tags: [], at: 200 },
        { id: 'e1', text: 'first', tags: ['deception_score:0.7'], at: 100 },
      ]);
      expect((await sut.recent(A, 1)).map((e) => e.id)).toEqual(['e2']);
    });

    it('never shows another tenant’s entries', async () => {
      expect(await sut.recent(B, 10)).toEqual([]);
      expect(await sut.recent({ ...A, workspaceId: 'other' }, 10)).toEqual([]);
    });

    it('rejects a bad scope, entry or limit, naming the field', async () => {
      await expect(sut.append({ ...A, workspaceId: '' }, { id: 'x', text: 't', tags: [], at: 1 })).rejects.toThrow(
        'workspaceId must be 1-128 letters, digits or . _ : @ -, got ""',
      );
      await expect(sut.append(A, { id: '', text: 't', tags: [], at: 1 })).rejects.toThrow(
        'entry.id must be 1-200 characters',
      );
      await expect(sut.append(A, { id: 'x', text: 't', tags: [], at: -1 })).rejects.toThrow(
        'entry.at must be a non-negative integer (ms since the epoch), got -1',
      );
      await expect(sut.recent(A, 0)).rejects.toThrow('limit must be an integer from 1 to 1000, got 0');
    });
  });

  describe('consolidate', () => {
    it('folds the unconsolidated entries into one summary per tag and returns how many it folded', async () => {
      expect(await sut.consolidate(A)).toBe(3);
      expect(await sut.summaries(A)).toEqual([
        { tag: 'deception_score:0.2', count: 1, lastAt: 300, texts: ['second'] },
        { tag: 'deception_score:0.7', count: 1, lastAt: 100, texts: ['first'] },
      ]);
      expect(await sut.consolidate(A)).toBe(0);
    });

    it('adds later entries to the existing folds, keeping the 5 newest texts', async () => {
      for (let i = 1; i <= 6; i++)
        await sut.append(A, { id: `n${i}`, text: `note ${i}`, tags: ['deception_score:0.7'], at: 1_000 + i });
      expect(await sut.consolidate(A)).toBe(6);
      const [, seven] = await sut.summaries(A);
      expect(seven).toEqual({
        tag: 'deception_score:0.7',
        count: 7,
        lastAt: 1_006,
        texts: ['note 6', 'note 5', 'note 4', 'note 3', 'note 2'],
      });
    });

    it('folds only its own tenant’s entries', async () => {
      await sut.append(B, { id: 'e1', text: 'other', tags: ['deception_score:0.7'], at: 50 });
      expect(await sut.consolidate(B)).toBe(1);
      expect(await sut.summaries(B)).toEqual([{ tag: 'deception_score:0.7', count: 1, lastAt: 50, texts: ['other'] }]);
      expect((await sut.summaries(A))[1].count).toBe(7);
    });
  });
});
