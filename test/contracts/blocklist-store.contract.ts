import type { BlockEntry } from '../../src/infrastructure/security/threats/blocklist';
import type { BlocklistStore } from '../../src/infrastructure/security/threats/blocklist.store';

const T0 = 1_800_000_000_000;

const entry = (kind: BlockEntry['kind'], value: string, until: number, reason = value): BlockEntry => ({
  kind,
  value,
  until,
  reason,
});

/**
 * What every {@link BlocklistStore} must do: run by the unit tests on the in-memory store and on the embedded
 * database, and by the scale tests on PostgreSQL. `create` gives a store with no entries.
 */
export function blocklistStoreContract(create: () => Promise<BlocklistStore>): void {
  let sut: BlocklistStore;

  beforeEach(async () => {
    sut = await create();
  });

  it('blocks a subject until its end, then answers it is not blocked', async () => {
    expect(await sut.block(entry('ip', '203.0.113.9', T0 + 1000, 'data_exfiltration: THR_1'), T0)).toEqual(
      entry('ip', '203.0.113.9', T0 + 1000, 'data_exfiltration: THR_1'),
    );
    expect(await sut.get('ip', '203.0.113.9', T0 + 999)).toEqual(
      entry('ip', '203.0.113.9', T0 + 1000, 'data_exfiltration: THR_1'),
    );
    expect(await sut.get('ip', '203.0.113.9', T0 + 1000)).toBeUndefined();
    expect(await sut.get('principal', '203.0.113.9', T0)).toBeUndefined();
  });

  it('never shortens an entry in force, lengthens it, and renews an expired one', async () => {
    await sut.block(entry('principal', 'k1', T0 + 10_000, 'first'), T0);
    expect(await sut.block(entry('principal', 'k1', T0 + 5000, 'second'), T0)).toEqual(
      entry('principal', 'k1', T0 + 10_000, 'first'),
    );
    expect(await sut.block(entry('principal', 'k1', T0 + 10_000, 'same end'), T0)).toEqual(
      entry('principal', 'k1', T0 + 10_000, 'first'),
    );
    expect(await sut.block(entry('principal', 'k1', T0 + 20_000, 'third'), T0)).toEqual(
      entry('principal', 'k1', T0 + 20_000, 'third'),
    );
    expect(await sut.block(entry('principal', 'k1', T0 + 25_000, 'fourth'), T0 + 20_000)).toEqual(
      entry('principal', 'k1', T0 + 25_000, 'fourth'),
    );
    expect(await sut.get('principal', 'k1', T0 + 20_000)).toEqual(entry('principal', 'k1', T0 + 25_000, 'fourth'));
  });

  it('lifts an entry, and says when there was none', async () => {
    await sut.block(entry('ip', '2001:db8::1', T0 + 1000), T0);
    expect(await sut.unblock('ip', '2001:db8::1')).toBe(true);
    expect(await sut.unblock('ip', '2001:db8::1')).toBe(false);
    expect(await sut.get('ip', '2001:db8::1', T0)).toBeUndefined();
  });

  it('lists the entries in force, ending first first, keeping the latest-ending past the limit', async () => {
    await sut.block(entry('ip', 'a', T0 + 3000), T0);
    await sut.block(entry('principal', 'b', T0 + 1000), T0);
    await sut.block(entry('ip', 'c', T0 + 100), T0);
    await sut.block(entry('principal', 'd', T0 + 2000), T0);
    const values = async (now: number, limit: number) => (await sut.listActive(now, limit)).map((e) => e.value);
    expect(await values(T0, 10)).toEqual(['c', 'b', 'd', 'a']);
    expect(await values(T0 + 100, 10)).toEqual(['b', 'd', 'a']);
    expect(await values(T0, 2)).toEqual(['d', 'a']);
  });

  it('deletes expired entries only', async () => {
    await sut.block(entry('ip', 'a', T0 + 100), T0);
    await sut.block(entry('ip', 'b', T0 + 101), T0);
    expect(await sut.deleteExpired(T0 + 100)).toBe(1);
    expect(await sut.deleteExpired(T0 + 100)).toBe(0);
    expect((await sut.listActive(T0, 10)).map((e) => e.value)).toEqual(['b']);
  });
}
