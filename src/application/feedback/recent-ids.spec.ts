import fc from 'fast-check';
import { checkRoundTrip, sequences } from '../../../test/fixtures/snapshot-round-trip';
import { RecentIds } from './recent-ids';

const POOL = ['a', 'b', 'c', 'd', 'e', 'f', '1', '2'];

describe(RecentIds.name, () => {
  describe('snapshot', () => {
    it('lists the ids oldest first', () => {
      const sut = new RecentIds(3);
      for (const id of ['2', 'b', '1', 'b', 'a']) sut.remember(id);
      expect(sut.snapshot()).toEqual({ ids: ['b', '1', 'a'] });
    });
  });

  describe('restore', () => {
    it('remembers the ids in order, so the oldest is forgotten first afterwards', () => {
      const sut = RecentIds.restore({ ids: ['x', 'y'] }, 2);
      sut.remember('z');
      expect([sut.has('x'), sut.has('y'), sut.has('z'), sut.size]).toEqual([false, true, true, 2]);
    });

    it('keeps the newest ids when the capacity is now smaller', () => {
      expect(RecentIds.restore({ ids: ['x', 'y', 'z'] }, 2).snapshot()).toEqual({ ids: ['y', 'z'] });
    });

    it('behaves as the original for every later operation', () => {
      checkRoundTrip(
        {
          create: () => new RecentIds(3),
          apply: (s, id: string) => (s.remember(id), s.has(id)),
          observe: (s) => ({ has: POOL.map((id) => s.has(id)), size: s.size }),
          snapshot: (s) => s.snapshot(),
          restore: (json) => RecentIds.restore(json, 3),
        },
        sequences(fc.constantFrom(...POOL), 30),
      );
    });

    it('throws naming the field on garbage', () => {
      expect(() => RecentIds.restore(null, 3)).toThrow('snapshot must be an object, got null');
      expect(() => RecentIds.restore({}, 3)).toThrow('snapshot field ids must be an array, got nothing');
      expect(() => RecentIds.restore({ ids: ['a', 3] }, 3)).toThrow('snapshot field ids[1] must be a string, got 3');
    });
  });
});
