import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { applyContentMigrations, openTestDatabase } from '../../../../test/fixtures/test-database';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import { ManualClock } from '../../../core/runtime/clock';
import { HashingEmbedder, cosine } from './hashing-embedder';
import { SqlVectorMemory } from './sql-vector-memory';
import { match } from '../../../../test/fixtures/matchers';

const A = { tenantId: 'acme', workspaceId: 'main', namespace: 'content' };
const B = { tenantId: 'globex', workspaceId: 'main', namespace: 'content' };

const RECORDS = [
  {
    id: 'moon',
    text: 'The Apollo 11 mission landed two astronauts on the Moon in July 1969.',
    metadata: { url: 'https://example.org/apollo' },
  },
  { id: 'bread', text: 'Sourdough bread rises slowly because wild yeast ferments the dough overnight.' },
  { id: 'mars', text: 'Rovers on Mars study rocks; no astronauts have landed on Mars yet.' },
];

describe(SqlVectorMemory.name, () => {
  let database: OpenedDatabase;
  let sut: SqlVectorMemory;

  beforeAll(async () => {
    database = await openTestDatabase();
    sut = new SqlVectorMemory(database, new ManualClock(1_000));
    await applyContentMigrations(database, sut.migrations);
    await sut.onApplicationBootstrap();
  }, BOOT_TIMEOUT_MS);
  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  it('uses pgvector in the embedded database, which ships the extension', () => {
    expect(sut.mode).toBe('pgvector');
  });

  it('finds the closest records of the scope, best first, and never another tenant’s', async () => {
    expect(await sut.upsert(A, RECORDS)).toBe(3);
    await sut.upsert(B, [{ id: 'secret', text: 'Astronauts landed on the Moon during the Apollo 11 mission.' }]);
    const matches = await sut.search(A, 'Which astronauts landed on the Moon?', { limit: 2 });
    expect(matches.map((m) => m.id)).toEqual(['moon', 'mars']);
    expect(matches[0].metadata).toEqual({ url: 'https://example.org/apollo' });
    const e = new HashingEmbedder();
    const expected =
      Math.round(cosine(e.embed('Which astronauts landed on the Moon?'), e.embed(RECORDS[0].text)) * 1000) / 1000;
    expect(matches[0].score).toBeCloseTo(expected, 2);
    expect((await sut.search(B, 'astronauts Moon')).map((m) => m.id)).toEqual(['secret']);
  });

  it('exact search ranks like pgvector', async () => {
    const viaPgvector = await sut.search(A, 'yeast dough bread', { limit: 3 });
    sut.useExactSearch();
    try {
      const exact = await sut.search(A, 'yeast dough bread', { limit: 3 });
      expect(exact.map((m) => m.id)).toEqual(viaPgvector.map((m) => m.id));
      expect(exact[0]).toEqual({ ...viaPgvector[0], score: match.closeTo(viaPgvector[0].score, 2) });
    } finally {
      await sut.onApplicationBootstrap();
    }
  });

  it('replaces a record on upsert, honours minScore, clears a scope', async () => {
    await sut.upsert(A, [{ id: 'bread', text: 'Rye bread is dense.' }]);
    expect((await sut.search(A, 'wild yeast ferments', { minScore: 0.2 })).map((m) => m.id)).toEqual([]);
    expect((await sut.search(A, 'rye bread')).map((m) => m.id)[0]).toBe('bread');
    expect(await sut.search(A, 'the of and')).toEqual([]); // stop words only: no direction to search in
    expect(await sut.clear(A)).toBe(3);
    expect(await sut.search(A, 'Moon')).toEqual([]);
  });

  it('rejects a bad scope or record, naming the field', async () => {
    await expect(sut.upsert({ ...A, tenantId: '' }, RECORDS)).rejects.toThrow(
      'tenantId must be 1-128 letters, digits or . _ : @ -, got ""',
    );
    await expect(sut.upsert(A, [{ id: '', text: 'x' }])).rejects.toThrow('records[0].id must be 1-200 characters');
    await expect(sut.search(A, 'x', { limit: 0 })).rejects.toThrow('limit must be an integer from 1 to 100, got 0');
  });
});
