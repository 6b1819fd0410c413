import { seededRandom, type RandomSource } from '../../../core/runtime/random';
import { EpsilonGreedy } from './epsilon-greedy';

const X = [0.5, 0.8, 0.2];
/** A source that returns the given values in order. */
const scripted = (...values: number[]): RandomSource => ({ next: () => values.shift()! });

describe(EpsilonGreedy.name, () => {
  describe('select', () => {
    it('exploits with probability 1 − ε: the greedy action has propensity (1 − ε) + ε/k', () => {
      const sut = new EpsilonGreedy(4, 3, { epsilon: 0.2 });
      sut.update(X, 2, 1);
      const s = sut.select(X, scripted(0.2));
      expect(s).toMatchObject({ action: 2, exploration: 0, details: { greedyAction: 2 } });
      expect(s.propensity).toBeCloseTo(0.8 + 0.05, 12);
      expect(s.confidence).toBe(s.propensity);
      expect(s.predictedReward).toBeCloseTo(0.93, 12);
    });

    it('explores uniformly with probability ε: another action has propensity ε/k, the greedy one keeps its own', () => {
      const sut = new EpsilonGreedy(4, 3, { epsilon: 0.2 });
      sut.update(X, 2, 1);
      const other = sut.select(X, scripted(0.1, 0.3));
      expect(other).toMatchObject({ action: 1, exploration: 1, predictedReward: 0 });
      expect(other.propensity).toBeCloseTo(0.05, 12);
      const same = sut.select(X, scripted(0.1, 0.6));
      expect(same).toMatchObject({ action: 2, exploration: 1 });
      expect(same.propensity).toBeCloseTo(0.85, 12);
    });

    it('matches the stated law over many draws', () => {
      const sut = new EpsilonGreedy(4, 3);
      sut.update(X, 3, 1);
      const rng = seededRandom(1);
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < 40_000; i++) counts[sut.select(X, rng).action]++;
      expect(Math.abs(counts[3] / 40_000 - 0.925)).toBeLessThan(0.005);
      for (const a of [0, 1, 2]) expect(Math.abs(counts[a] / 40_000 - 0.025)).toBeLessThan(0.004);
    });

    it('is purely greedy for ε = 0 and uniform for ε = 1', () => {
      const greedy = new EpsilonGreedy(3, 3, { epsilon: 0 });
      expect(greedy.select(X, scripted(0))).toMatchObject({ action: 0, propensity: 1 });
      const uniform = new EpsilonGreedy(3, 3, { epsilon: 1 });
      const s = uniform.select(X, scripted(0.99, 0.999));
      expect(s.action).toBe(2);
      expect(s.propensity).toBeCloseTo(1 / 3, 12);
    });
  });

  describe('update', () => {
    it('takes SGD steps of size 1/n_a', () => {
      const sut = new EpsilonGreedy(2, 3);
      const x2 = [1, 0, 0.5];
      sut.update(X, 0, 0.6); // w = 0.6·x
      sut.update(x2, 0, 0.2); // w += (0.2 − 0.6·x·x2)/2 · x2 = (0.2 − 0.36)/2 · x2
      sut.update(x2, 1, 1); // w_1 = x2
      const { weights, counts } = sut.snapshot().state as { weights: number[][]; counts: number[] };
      const expected0 = X.map((v, i) => 0.6 * v - 0.08 * x2[i]);
      weights[0].forEach((v, i) => expect(v).toBeCloseTo(expected0[i], 12));
      expect(weights[1]).toEqual(x2);
      expect(counts).toEqual([2, 1]);
      expect(sut.updates).toBe(3);
    });
  });

  describe('constructor', () => {
    it('names the invalid parameter and defaults to ε = 0.1', () => {
      expect(() => new EpsilonGreedy(2, 3, { epsilon: 1.5 })).toThrow('epsilon must be a number in [0, 1], got 1.5');
      expect(new EpsilonGreedy(2, 3).snapshot().params).toEqual({ epsilon: 0.1 });
    });
  });
});
