import { seededRandom } from '../../../core/runtime/random';
import { DoublyRobust } from './doubly-robust';

// A fixed context vector of `context_dimension` 8 (x[0] is the user hash share).
const X = [0.5, 0.8, 0.2, 0.1, 0.625, 0.3, 0.7, 0];
const NORM_SQ = X.reduce((s, v) => s + v * v, 0);

describe(DoublyRobust.name, () => {
  describe('select', () => {
    it('B12 #1: returns action 0 with predicted 0, exploration 0 and confidence 0 on every call until feedback arrives', () => {
      const sut = new DoublyRobust(4, 8);
      const rng = seededRandom(1);
      for (let i = 0; i < 5; i++) {
        const s = sut.select(i % 2 ? X : X.map((v) => v / 2), rng);
        expect([s.action, s.predictedReward, s.exploration, s.confidence, s.propensity]).toEqual([0, 0, 0, 0, 1]);
      }
      expect(sut.updates).toBe(0);
      expect(sut.snapshot().state).toEqual({
        R: Array.from({ length: 4 }, () => new Array<number>(8).fill(0)),
        w: [1, 1, 1, 1],
      });
    });

    it('B12 #2: after r = 1 on action 0, R_0 = 0.1·x, s_0 = 0.1·‖x‖² + 1.5·sqrt(ln 2 / 2) and the other bonuses are 1.5·sqrt(ln 2)', () => {
      const sut = new DoublyRobust(4, 8);
      sut.update(X, 0, 1);
      sut.weights(0).forEach((v, i) => expect(v).toBeCloseTo(0.1 * X[i], 12));
      const scores = sut.scoresFor(X);
      expect(scores[0]).toBeCloseTo(0.1 * NORM_SQ + 1.5 * Math.sqrt(Math.LN2 / 2), 9);
      for (const a of [1, 2, 3]) expect(scores[a]).toBeCloseTo(1.5 * Math.sqrt(Math.LN2), 9);
      // 1.5·sqrt(ln 2) = 1.2488 beats 0.1910625 + 0.8831 = 1.0741; ties among 1-3 go to the lowest index.
      const s = sut.select(X, seededRandom(1));
      expect(s.action).toBe(1);
      expect(s.predictedReward).toBe(0);
      expect(s.exploration).toBeCloseTo(1.5 * Math.sqrt(Math.LN2), 9);
      expect(s.details).toEqual({ score: scores[1], importanceWeight: 1, actionProb: 0.2, round: 1 });
      // max(s) / Σs
      expect(s.confidence).toBeCloseTo(scores[1] / (scores[0] + 3 * scores[1] + 1e-8), 9);
    });

    it('reports the model estimate and the bonus separately for the chosen action', () => {
      const sut = new DoublyRobust(2, 8, { alpha: 0.5, learningRate: 0.2 });
      sut.update(X, 1, 1);
      sut.update(X, 1, 1);
      // R_1 after two steps: 0.2·x, then + 0.2·(1 − 0.2·‖x‖²)·x
      const r1 = 0.2 + 0.2 * (1 - 0.2 * NORM_SQ);
      const s = sut.select(X, seededRandom(1));
      expect(s.action).toBe(1);
      expect(s.predictedReward).toBeCloseTo(r1 * NORM_SQ, 9);
      expect(s.exploration).toBeCloseTo(0.5 * Math.sqrt(Math.log(3) / 3), 9);
      expect(s.details?.score).toBeCloseTo(r1 * NORM_SQ + 0.5 * Math.sqrt(Math.log(3) / 3), 9);
    });

    it('[FIX] clamps the confidence into [0, 1] where the original max(s) / Σs leaves it', () => {
      const sut = new DoublyRobust(2, 1, { alpha: 0 });
      sut.update([1], 0, 1);
      for (let i = 0; i < 3; i++) sut.update([-1], 1, 1);
      // R = [0.1, −0.271]: at x = 1 the scores are [0.1, −0.271] (ratio −0.58), at x = −1 [−0.1, 0.271] (ratio 1.58).
      expect(sut.scoresFor([1])[1]).toBeCloseTo(-0.271, 12);
      expect(sut.select([1], seededRandom(1))).toMatchObject({ action: 0, confidence: 0 });
      expect(sut.select([-1], seededRandom(1))).toMatchObject({ action: 1, confidence: 1 });
    });
  });

  describe('update', () => {
    it('advances t only on updates and keeps w_a = 1 + updates of a', () => {
      const sut = new DoublyRobust(3, 8);
      const rng = seededRandom(2);
      sut.select(X, rng);
      sut.update(X, 2, 0.3);
      sut.update(X, 2, 0.6);
      sut.update(X, 0, 1);
      sut.select(X, rng);
      expect(sut.updates).toBe(3);
      expect((sut.snapshot().state as { w: number[] }).w).toEqual([2, 1, 3]);
    });

    it('ignores the logging propensity (no inverse-propensity term)', () => {
      const a = new DoublyRobust(2, 8);
      const b = new DoublyRobust(2, 8);
      a.update(X, 1, 0.7, 0.05);
      b.update(X, 1, 0.7);
      expect(a.snapshot()).toEqual(b.snapshot());
    });

    it('rejects a bad action, reward or context', () => {
      const sut = new DoublyRobust(2, 8);
      expect(() => sut.update(X, 2, 1)).toThrow('action must be an integer in [0, 1], got 2');
      expect(() => sut.update(X, 0, 1.5)).toThrow('reward must be in [0, 1], got 1.5');
      expect(() => sut.update([1], 0, 1)).toThrow('context must have length 8, got 1');
      expect(() => sut.select([...X.slice(0, 7), Number.NaN], seededRandom(1))).toThrow(
        'context[7] must be a finite number, got NaN',
      );
    });
  });

  describe('constructor', () => {
    it('names the invalid argument', () => {
      expect(() => new DoublyRobust(1, 8)).toThrow('k (number of actions) must be an integer ≥ 2, got 1');
      expect(() => new DoublyRobust(2, 0)).toThrow('d (context dimension) must be an integer ≥ 1, got 0');
      expect(() => new DoublyRobust(2, 8, { alpha: -1 })).toThrow('alpha must be a finite number ≥ 0, got -1');
      expect(() => new DoublyRobust(2, 8, { learningRate: Infinity })).toThrow(
        'learningRate must be a finite number > 0, got Infinity',
      );
    });

    it('defaults to α = 1.5 and η = 0.1', () => {
      expect(new DoublyRobust(4, 8).snapshot().params).toEqual({ alpha: 1.5, learningRate: 0.1 });
    });
  });
});
