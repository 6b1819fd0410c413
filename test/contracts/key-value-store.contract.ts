import type { OpenedDatabase } from '../../src/core/persistence/sql-database.factory';
import { SqlKeyValueStore } from '../../src/core/persistence/sql-key-value.store';
import { ManualClock } from '../../src/core/runtime/clock';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';

/**
 * What every {@link SqlKeyValueStore} database must do: run by the unit tests on the embedded database and by
 * the scale tests on PostgreSQL.
 */
export function keyValueStoreContract(open: () => Promise<OpenedDatabase>): void {
  let database: OpenedDatabase;
  let clock: ManualClock;
  let sut: SqlKeyValueStore;
  const a = { tenantId: 'tenant-a', namespace: 'bandits' };
  const b = { tenantId: 'tenant-b', namespace: 'bandits' };

  beforeAll(async () => {
    database = await open();
  }, BOOT_TIMEOUT_MS);

  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  beforeEach(async () => {
    await database.db.deleteFrom('kv_entries').execute();
    clock = new ManualClock(10_000);
    sut = new SqlKeyValueStore(database.db, clock);
  });

  describe('get and set', () => {
    it('round-trips JSON values and overwrites', async () => {
      await sut.set(a, 'k', { context: [0.5, 1], action: 'gpt' });
      expect(await sut.get(a, 'k')).toEqual({ context: [0.5, 1], action: 'gpt' });
      await sut.set(a, 'k', 'replaced');
      expect(await sut.get(a, 'k')).toBe('replaced');
      expect(await sut.get(a, 'missing')).toBeUndefined();
    });

    it('keeps tenants apart', async () => {
      await sut.set(a, 'k', 1);
      expect(await sut.get(b, 'k')).toBeUndefined();
      expect(await sut.delete(b, 'k')).toBe(false);
      expect(await sut.get(a, 'k')).toBe(1);
    });

    it('reads an entry as absent once its ttl has passed', async () => {
      await sut.set(a, 'k', 'v', 1000);
      clock.advance(999);
      expect(await sut.get(a, 'k')).toBe('v');
      clock.advance(1);
      expect(await sut.get(a, 'k')).toBeUndefined();
    });

    it('rejects a non-positive ttl and an empty scope', async () => {
      await expect(sut.set(a, 'k', 1, 0)).rejects.toThrow('ttlMs must be a positive number, got 0');
      await expect(sut.set({ tenantId: '', namespace: 'x' }, 'k', 1)).rejects.toThrow(
        'A key-value scope needs a tenantId and a namespace',
      );
    });
  });

  describe('setIfAbsent', () => {
    it('stores only when absent or expired', async () => {
      expect(await sut.setIfAbsent(a, 'nonce', 1, 500)).toBe(true);
      expect(await sut.setIfAbsent(a, 'nonce', 2, 500)).toBe(false);
      expect(await sut.get(a, 'nonce')).toBe(1);
      clock.advance(500);
      expect(await sut.setIfAbsent(a, 'nonce', 3, 500)).toBe(true);
      expect(await sut.get(a, 'nonce')).toBe(3);
    });
  });

  describe('increment', () => {
    it('counts from zero, keeps the first expiry, and restarts after it', async () => {
      expect(await sut.increment(a, 'hits', 1, 1000)).toBe(1);
      clock.advance(600);
      expect(await sut.increment(a, 'hits', 2, 1000)).toBe(3);
      clock.advance(400);
      expect(await sut.get(a, 'hits')).toBeUndefined();
      expect(await sut.increment(a, 'hits', 5, 1000)).toBe(5);
      clock.advance(999);
      expect(await sut.get(a, 'hits')).toBe(5);
    });

    it('is atomic under concurrent increments', async () => {
      await Promise.all(Array.from({ length: 20 }, () => sut.increment(a, 'n')));
      expect(await sut.get(a, 'n')).toBe(20);
    });
  });

  describe('purgeExpired', () => {
    it('deletes expired entries only', async () => {
      await sut.set(a, 'old', 1, 100);
      await sut.set(a, 'young', 1, 1000);
      await sut.set(a, 'forever', 1);
      clock.advance(100);
      expect(await sut.purgeExpired()).toBe(1);
      const keys = await database.db.selectFrom('kv_entries').select('key').orderBy('key').execute();
      expect(keys.map((r) => r.key as string)).toEqual(['forever', 'young']);
    });
  });
}
