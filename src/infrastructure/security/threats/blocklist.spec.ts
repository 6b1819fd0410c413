import { Blocklist } from './blocklist';

const T0 = 1_800_000_000_000;
const TTL = 900_000;

describe(Blocklist.name, () => {
  let sut: Blocklist;

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    sut = new Blocklist(3);
  });
  afterEach(() => jest.useRealTimers());

  describe('isBlocked', () => {
    it('blocks an IP until its TTL is over, then forgets it', () => {
      sut.block('ip', '203.0.113.9', Date.now() + TTL, 'data_exfiltration: THR_1', Date.now());
      expect(sut.isBlocked({ ip: '203.0.113.9', keyId: 'k1' }, Date.now())).toEqual({
        blocked: true,
        kind: 'ip',
        until: T0 + TTL,
        reason: 'data_exfiltration: THR_1',
      });
      jest.advanceTimersByTime(TTL - 1);
      expect(sut.isBlocked({ ip: '203.0.113.9' }, Date.now()).blocked).toBe(true);
      jest.advanceTimersByTime(1);
      expect(sut.isBlocked({ ip: '203.0.113.9' }, Date.now())).toEqual({ blocked: false });
      expect(sut.list(Date.now())).toEqual([]);
    });

    it('blocks a principal on any IP, and checks the IP entry first', () => {
      sut.block('principal', 'k1', T0 + 1000, 'auth_failure: THR_2', T0);
      expect(sut.isBlocked({ ip: '198.51.100.1', keyId: 'k1' }, T0)).toEqual({
        blocked: true,
        kind: 'principal',
        until: T0 + 1000,
        reason: 'auth_failure: THR_2',
      });
      sut.block('ip', '198.51.100.1', T0 + 500, 'ip', T0);
      expect(sut.isBlocked({ ip: '198.51.100.1', keyId: 'k1' }, T0)).toMatchObject({ kind: 'ip', until: T0 + 500 });
      expect(sut.isBlocked({ ip: '198.51.100.2', keyId: 'k2' }, T0)).toEqual({ blocked: false });
      expect(sut.isBlocked({}, T0)).toEqual({ blocked: false });
    });
  });

  describe('block', () => {
    it('never shortens an entry in force, but renews an expired one', () => {
      sut.block('ip', 'a', T0 + 10_000, 'first', T0);
      expect(sut.block('ip', 'a', T0 + 5000, 'second', T0)).toEqual({
        kind: 'ip',
        value: 'a',
        until: T0 + 10_000,
        reason: 'first',
      });
      expect(sut.block('ip', 'a', T0 + 20_000, 'third', T0).until).toBe(T0 + 20_000);
      expect(sut.block('ip', 'a', T0 + 25_000, 'fourth', T0 + 20_000).reason).toBe('fourth');
    });

    it('keeps at most maxEntries, dropping expired entries first, then the oldest', () => {
      sut.block('ip', 'a', T0 + 100, 'a', T0);
      sut.block('ip', 'b', T0 + 10_000, 'b', T0);
      sut.block('ip', 'c', T0 + 10_000, 'c', T0);
      sut.block('ip', 'd', T0 + 10_000, 'd', T0 + 200);
      expect(sut.list(T0 + 200).map((e) => e.value)).toEqual(['b', 'c', 'd']);
      sut.block('principal', 'e', T0 + 10_000, 'e', T0 + 200);
      expect(sut.list(T0 + 200).map((e) => e.value)).toEqual(['c', 'd', 'e']);
    });
  });

  describe('unblock and prune', () => {
    it('lifts an entry by hand and drops expired ones', () => {
      sut.block('ip', 'a', T0 + 100, 'a', T0);
      sut.block('principal', 'k', T0 + 1000, 'k', T0);
      expect(sut.unblock('principal', 'k')).toBe(true);
      expect(sut.unblock('principal', 'k')).toBe(false);
      expect(sut.prune(T0 + 100)).toBe(1);
      expect(sut.list(T0)).toEqual([]);
    });
  });
});
