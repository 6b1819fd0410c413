import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { applyContentMigrations, openTestDatabase } from '../../../../test/fixtures/test-database';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import { ManualClock } from '../../../core/runtime/clock';
import { SqlGraphMemory } from './sql-graph-memory';

const A = { tenantId: 'acme', workspaceId: 'main', index: 'autointel_analysis' };
const B = { tenantId: 'globex', workspaceId: 'main', index: 'autointel_analysis' };
const URL = 'https://youtu.be/abc';

const TRIPLES = [
  { subject: URL, predicate: 'has_title', object: 'Moon landing' },
  { subject: URL, predicate: 'on_platform', object: 'youtube' },
  { subject: URL, predicate: 'makes_claim', object: 'Apollo 11 landed in 1969' },
  { subject: 'Apollo 11 landed in 1969', predicate: 'verdict', object: 'supported' },
];

describe(SqlGraphMemory.name, () => {
  let database: OpenedDatabase;
  let sut: SqlGraphMemory;

  beforeAll(async () => {
    database = await openTestDatabase();
    sut = new SqlGraphMemory(database, new ManualClock(1_000));
    await applyContentMigrations(database, sut.migrations);
  }, BOOT_TIMEOUT_MS);
  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  describe('store', () => {
    it('returns the record id and keeps the tags', async () => {
      expect(await sut.store(A, { id: 'wf-1', triples: TRIPLES, tags: ['platform:youtube'] })).toBe('wf-1');
      expect(await sut.tagsOf(A, 'wf-1')).toEqual(['platform:youtube']);
    });

    it('is idempotent per record id: storing again replaces the earlier triples', async () => {
      await sut.store(A, { id: 'wf-1', triples: TRIPLES, tags: ['platform:youtube'] });
      expect(await sut.neighbours(A, URL)).toHaveLength(3);
      await sut.store(A, { id: 'wf-1', triples: TRIPLES.slice(0, 2), tags: ['platform:web'] });
      expect(await sut.neighbours(A, URL)).toEqual([
        { subject: URL, predicate: 'has_title', object: 'Moon landing' },
        { subject: URL, predicate: 'on_platform', object: 'youtube' },
      ]);
      expect(await sut.tagsOf(A, 'wf-1')).toEqual(['platform:web']);
      await sut.store(A, { id: 'wf-1', triples: TRIPLES, tags: ['platform:youtube'] });
    });

    it('rejects a bad scope, id or triple, naming the field', async () => {
      await expect(sut.store({ ...A, tenantId: '' }, { id: 'x', triples: [], tags: [] })).rejects.toThrow(
        'tenantId must be 1-128 letters, digits or . _ : @ -, got ""',
      );
      await expect(sut.store({ ...A, index: 'a b' }, { id: 'x', triples: [], tags: [] })).rejects.toThrow(
        'index must be 1-128 letters, digits or . _ : @ -, got "a b"',
      );
      await expect(sut.store(A, { id: '', triples: [], tags: [] })).rejects.toThrow(
        'record.id must be 1-200 characters',
      );
      await expect(
        sut.store(A, { id: 'x', triples: [{ subject: 's', predicate: '', object: 'o' }], tags: [] }),
      ).rejects.toThrow('record.triples[0].predicate must be a non-empty string');
      await expect(sut.store(A, { id: 'x', triples: [], tags: [''] })).rejects.toThrow(
        'record.tags[0] must be a non-empty string',
      );
    });
  });

  describe('neighbours', () => {
    it('returns the distinct triples touching a node as subject or object, in byte order of subject, predicate, object', async () => {
      await sut.store(A, {
        id: 'wf-2',
        triples: [{ subject: 'Zeta', predicate: 'cites', object: URL }, TRIPLES[1]],
        tags: [],
      });
      expect(await sut.neighbours(A, URL)).toEqual([
        { subject: 'Zeta', predicate: 'cites', object: URL }, // 'Z' sorts before 'h' in byte order
        { subject: URL, predicate: 'has_title', object: 'Moon landing' },
        { subject: URL, predicate: 'makes_claim', object: 'Apollo 11 landed in 1969' },
        { subject: URL, predicate: 'on_platform', object: 'youtube' },
      ]);
      expect(await sut.neighbours(A, 'Apollo 11 landed in 1969')).toEqual([
        { subject: 'Apollo 11 landed in 1969', predicate: 'verdict', object: 'supported' },
        { subject: URL, predicate: 'makes_claim', object: 'Apollo 11 landed in 1969' },
      ]);
      expect(await sut.neighbours(A, URL, 2)).toHaveLength(2);
    });

    it('never sees another tenant’s, workspace’s or index’s triples', async () => {
      expect(await sut.neighbours(B, URL)).toEqual([]);
      expect(await sut.neighbours({ ...A, workspaceId: 'other' }, URL)).toEqual([]);
      expect(await sut.neighbours({ ...A, index: 'other' }, URL)).toEqual([]);
      await sut.store(B, { id: 'wf-1', triples: [{ subject: URL, predicate: 'on_platform', object: 'x' }], tags: [] });
      expect(await sut.neighbours(B, URL)).toEqual([{ subject: URL, predicate: 'on_platform', object: 'x' }]);
      expect(await sut.neighbours(A, URL)).toHaveLength(4);
    });

    it('rejects a limit out of range', async () => {
      await expect(sut.neighbours(A, URL, 0)).rejects.toThrow('limit must be an integer from 1 to 1000, got 0');
    });
  });
});
