import { Logger } from '@nestjs/common';
import type { MessageChannel } from '../../../core/ports/message-channel.port';
import { ManualClock } from '../../../core/runtime/clock';
import { sequentialIds } from '../../../core/runtime/id-generator';
import { Blocklist } from './blocklist';
import { BlocklistService, type BlocklistChange } from './blocklist.service';
import type { BlocklistStore } from './blocklist.store';
import { InMemoryBlocklistStore } from './in-memory-blocklist.store';
import { ThreatsConfig } from './threats.config';

const T0 = 1_800_000_000_000;

/** Pub/sub between instances in one process: every subscriber gets every message, asynchronously. */
class Broadcast {
  private readonly subscribers: ((m: BlocklistChange) => void)[] = [];
  readonly sent: BlocklistChange[] = [];

  member(): MessageChannel<BlocklistChange> {
    return {
      publish: async (m) => {
        this.sent.push(m);
        const copy = JSON.parse(JSON.stringify(m)) as BlocklistChange;
        for (const s of this.subscribers) setImmediate(() => s(copy));
      },
      subscribe: async (handler) => void this.subscribers.push(handler),
      close: async () => undefined,
    };
  }
}

/** Lets delivered messages and the store reads they start run. */
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};

describe(BlocklistService.name, () => {
  let clock: ManualClock;
  let store: InMemoryBlocklistStore;
  let bus: Broadcast;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(() => {
    clock = new ManualClock(T0);
    store = new InMemoryBlocklistStore();
    bus = new Broadcast();
  });

  function instance(name: string, options: { store?: BlocklistStore; maxEntries?: number } = {}) {
    const config = Object.assign(new ThreatsConfig(), { maxBlocklistEntries: options.maxEntries ?? 100 });
    return new BlocklistService(
      new Blocklist(config.maxBlocklistEntries),
      options.store ?? store,
      bus.member(),
      config,
      clock,
      sequentialIds(name),
    );
  }

  describe('block and unblock', () => {
    it('enforce here at once, and on the other instance once it has read the announced subject', async () => {
      const [a, b] = [instance('a'), instance('b')];
      await Promise.all([a.start(), b.start()]);
      const entry = await a.block('principal', 'k1', T0 + 60_000, 'operator');
      expect(entry).toEqual({ kind: 'principal', value: 'k1', until: T0 + 60_000, reason: 'operator' });
      expect(a.isBlocked({ keyId: 'k1' }, T0)).toMatchObject({ blocked: true, until: T0 + 60_000 });
      expect(bus.sent).toEqual([{ instance: 'a-1', kind: 'principal', value: 'k1' }]);
      await settle();
      expect(b.isBlocked({ keyId: 'k1' }, T0)).toEqual({
        blocked: true,
        kind: 'principal',
        until: T0 + 60_000,
        reason: 'operator',
      });
      expect(await b.unblock('principal', 'k1')).toBe(true);
      expect(b.isBlocked({ keyId: 'k1' }, T0)).toEqual({ blocked: false });
      await settle();
      expect(a.isBlocked({ keyId: 'k1' }, T0)).toEqual({ blocked: false });
      expect(await a.unblock('principal', 'k1')).toBe(false);
    });

    it('never shortens an entry another instance put in force', async () => {
      const [a, b] = [instance('a'), instance('b')];
      await Promise.all([a.start(), b.start()]);
      await a.block('ip', '203.0.113.9', T0 + 60_000, 'first');
      expect(await b.block('ip', '203.0.113.9', T0 + 1000, 'second')).toMatchObject({ until: T0 + 60_000 });
      await settle();
      expect(a.list(T0).map((e) => [e.until, e.reason])).toEqual([[T0 + 60_000, 'first']]);
    });

    it('enforces nothing and rejects when the store cannot be written', async () => {
      const broken: BlocklistStore = Object.assign(new InMemoryBlocklistStore(), {
        block: () => Promise.reject(new Error('database unavailable')),
      });
      const a = instance('a', { store: broken });
      await expect(a.block('ip', '203.0.113.9', T0 + 1000, 'x')).rejects.toThrow('database unavailable');
      expect([a.list(T0), bus.sent]).toEqual([[], []]);
    });

    it('ignores its own announcements and malformed messages', async () => {
      const a = instance('a');
      await a.start();
      await store.block({ kind: 'ip', value: '198.51.100.1', until: T0 + 1000, reason: 'missed' }, T0);
      await bus.member().publish({ instance: 'a-1', kind: 'ip', value: '198.51.100.1' });
      await bus.member().publish({ instance: 'x', kind: 'cidr', value: '198.51.100.1' } as unknown as BlocklistChange);
      await bus.member().publish({ instance: 'x', kind: 'ip', value: 7 } as unknown as BlocklistChange);
      await settle();
      expect(a.list(T0)).toEqual([]);
    });
  });

  describe('start and reload', () => {
    it('load the entries in force, at most maxBlocklistEntries, those that end last', async () => {
      for (const [value, until] of [
        ['a', T0 + 3000],
        ['b', T0 - 1],
        ['c', T0 + 1000],
        ['d', T0 + 2000],
      ] as const)
        await store.block({ kind: 'ip', value, until, reason: value }, T0 - 10_000);
      const sut = instance('a', { maxEntries: 2 });
      await sut.start();
      expect(sut.list(T0).map((e) => e.value)).toEqual(['d', 'a']);
    });

    it('catch up on changes whose announcement was missed', async () => {
      const sut = instance('a');
      await store.block({ kind: 'ip', value: 'gone', until: T0 + 1000, reason: 'x' }, T0);
      await sut.start();
      await store.unblock('ip', 'gone');
      await store.block({ kind: 'principal', value: 'k9', until: T0 + 1000, reason: 'missed' }, T0);
      expect(await sut.reload()).toBe(1);
      expect(sut.list(T0).map((e) => [e.kind, e.value])).toEqual([['principal', 'k9']]);
    });

    it('leave alone a subject changed while the store was being read', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const slow: BlocklistStore = {
        block: (e, now) => store.block(e, now),
        unblock: (k, v) => store.unblock(k, v),
        get: (k, v, now) => store.get(k, v, now),
        deleteExpired: (now) => store.deleteExpired(now),
        listActive: async (now, limit) => {
          const snapshot = await store.listActive(now, limit);
          await gate;
          return snapshot;
        },
      };
      const sut = instance('a', { store: slow });
      const reloading = sut.reload();
      await settle();
      await sut.block('principal', 'k1', T0 + 1000, 'during the reload');
      release();
      await reloading;
      expect(sut.isBlocked({ keyId: 'k1' }, T0).blocked).toBe(true);
    });
  });

  describe('prune', () => {
    it('deletes expired entries from the store and from memory', async () => {
      const sut = instance('a');
      await sut.block('ip', 'a', T0 + 100, 'a');
      await sut.block('ip', 'b', T0 + 200, 'b');
      clock.set(T0 + 100);
      expect(await sut.prune()).toBe(1);
      expect([sut.list(T0).map((e) => e.value), (await store.listActive(T0, 10)).map((e) => e.value)]).toEqual([
        ['b'],
        ['b'],
      ]);
    });
  });
});
