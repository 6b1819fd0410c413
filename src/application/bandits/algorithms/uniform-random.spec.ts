import { seededRandom } from '../../../core/runtime/random';
import { UniformRandom } from './uniform-random';

describe(UniformRandom.name, () => {
  describe('select', () => {
    it('picks every action with probability 1/k and says so', () => {
      const sut = new UniformRandom(5, 2);
      const rng = seededRandom(1);
      const counts = [0, 0, 0, 0, 0];
      for (let i = 0; i < 50_000; i++) {
        const s = sut.select([0.1, 0.2], rng);
        counts[s.action]++;
        expect(s.propensity).toBe(0.2);
      }
      for (const c of counts) expect(Math.abs(c / 50_000 - 0.2)).toBeLessThan(0.006);
    });

    it('maps u to ⌊u·k⌋', () => {
      const sut = new UniformRandom(4, 1);
      expect(sut.select([0], { next: () => 0.999 })).toEqual({
        action: 3,
        predictedReward: 0,
        exploration: 1,
        confidence: 0.25,
        propensity: 0.25,
      });
      expect(sut.select([0], { next: () => 0 }).action).toBe(0);
    });
  });

  describe('update', () => {
    it('learns nothing but counts updates', () => {
      const sut = new UniformRandom(2, 1);
      sut.update([1], 1, 1);
      sut.update([1], 0, 0);
      expect(sut.updates).toBe(2);
      expect(sut.snapshot()).toEqual({
        version: 1,
        algorithm: 'uniform_random',
        k: 2,
        d: 1,
        params: {},
        updates: 2,
        state: {},
      });
      expect(() => sut.update([1], 2, 1)).toThrow('action must be an integer in [0, 1], got 2');
    });
  });
});
