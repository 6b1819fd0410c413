import { seededRandom, type RandomSource } from '../../../core/runtime/random';
import { OffsetTree, type OffsetTreeState } from './offset-tree';

const X = [0.5, 0.8, 0.2, 0.1, 0.625, 0.3, 0.7, 0];

type Leaf = { alpha: number[][]; beta: number[][]; xs: number[][]; rs: number[]; seen: number };
type Split = { feature: number; threshold: number; left: Leaf | Split; right: Leaf | Split };
const root = (sut: OffsetTree) => (sut.snapshot().state as OffsetTreeState).root as unknown as Split & Leaf;

/** A context laid out like `contextVector`'s: complexity (x[5]) is U(0, 1), the other features fixed and non-zero. */
const complexityContext = (rng: RandomSource) => [0.42, 0.8, 0.2, 0.1, 0.625, rng.next(), 0.7, 0.3];

/** Two informative features: reward 0.5·[x0 > 0.5] + 0.5·[x1 > 0.5]. */
function twoFeatureRound(sut: OffsetTree, rng: RandomSource): void {
  const x = [rng.next(), rng.next(), 0.5, 1];
  const r = 0.5 * Number(x[0] > 0.5) + 0.5 * Number(x[1] > 0.5);
  sut.update(x, sut.select(x, rng).action, r);
}

describe(OffsetTree.name, () => {
  describe('update', () => {
    it('B12 #3: r = 0.8 adds 0.8·x to α_a and leaves β; r = 0.5 (not > 0.5) adds 0.5·x to β_a', () => {
      const sut = new OffsetTree(4, 8);
      sut.update(X, 2, 0.8);
      const after = sut.posterior(X, 2);
      after.alpha.forEach((v, i) => expect(v).toBeCloseTo(1 + 0.8 * X[i], 12));
      expect(after.beta).toEqual(new Array(8).fill(1));
      sut.update(X, 2, 0.5);
      sut.posterior(X, 2).beta.forEach((v, i) => expect(v).toBeCloseTo(1 + 0.5 * X[i], 12));
      expect(sut.posterior(X, 1)).toEqual({ alpha: new Array(8).fill(1), beta: new Array(8).fill(1) });
      expect(sut.updates).toBe(2);
    });

    it('B12 #3: fifty updates with reward [complexity > 0.5] split the root on feature 5 near 0.5 (tree size 3)', () => {
      const sut = new OffsetTree(4, 8);
      // Contexts and the learner's draws come from separate sources, so the samples (and so the split) do not
      // depend on how the sampler consumes random numbers.
      const contexts = seededRandom(3);
      const draws = seededRandom(4);
      for (let t = 0; t < 50; t++) {
        expect(sut.stats().treeSize).toBe(1);
        const x = complexityContext(contexts);
        sut.update(x, sut.select(x, draws).action, x[5] > 0.5 ? 1 : 0);
      }
      expect(sut.stats()).toEqual({ treeSize: 3, treeDepth: 1, leaves: 2 });
      const split = root(sut);
      expect(split.feature).toBe(5);
      expect(Math.abs(split.threshold - 0.5)).toBeLessThan(0.1);
    });

    it('[FIX] children start from the parent counts and take over its samples', () => {
      const sut = new OffsetTree(2, 8);
      const rng = seededRandom(3);
      for (let t = 0; t < 50; t++) {
        const x = complexityContext(rng);
        sut.update(x, t % 2, x[5] > 0.5 ? 1 : 0);
      }
      const { left, right, threshold } = root(sut) as { left: Leaf; right: Leaf; threshold: number };
      expect(left.alpha).toEqual(right.alpha);
      expect(left.beta).toEqual(right.beta);
      expect(left.alpha[0][5]).toBeGreaterThan(1);
      expect(left.rs.length + right.rs.length).toBe(50);
      expect(left.seen + right.seen).toBe(50);
      expect(left.xs.every((x) => x[5] <= threshold) && right.xs.every((x) => x[5] > threshold)).toBe(true);
    });

    it('[FIX] grows past one split on a two-feature problem and never past 2^(maxDepth+1) − 1 nodes', () => {
      const sut = new OffsetTree(4, 4);
      const rng = seededRandom(5);
      for (let t = 0; t < 3000; t++) {
        twoFeatureRound(sut, rng);
        expect(sut.stats().treeSize).toBeLessThanOrEqual(31);
      }
      expect(sut.stats().treeSize).toBeGreaterThan(3);
      expect(sut.stats().treeDepth).toBeGreaterThanOrEqual(2);
    });

    it.each([
      [1, 3],
      [2, 7],
    ])('stops at maxDepth %p (%p nodes at most)', (maxDepth, bound) => {
      const sut = new OffsetTree(2, 4, { maxDepth });
      const rng = seededRandom(6);
      for (let t = 0; t < 1500; t++) {
        twoFeatureRound(sut, rng);
        expect(sut.stats().treeSize).toBeLessThanOrEqual(bound);
      }
      expect(sut.stats()).toEqual({ treeSize: bound, treeDepth: maxDepth, leaves: (bound + 1) / 2 });
    });

    it('[FIX] keeps only the maxSamples most recent samples per leaf', () => {
      const sut = new OffsetTree(2, 2, { minSamples: 10, maxSamples: 30 });
      for (let t = 0; t < 200; t++) sut.update([1, 0.5], t % 2, (t % 10) / 10);
      const leaf = root(sut);
      expect(leaf.seen).toBe(200);
      expect(leaf.rs).toEqual(Array.from({ length: 30 }, (_, i) => ((170 + i) % 10) / 10));
      expect(sut.stats().treeSize).toBe(1);
    });
  });

  describe('select', () => {
    it('reports the posterior-mean score, an estimated propensity and exploration = 1 − confidence', () => {
      const sut = new OffsetTree(3, 8);
      const rng = seededRandom(7);
      for (let t = 0; t < 40; t++) sut.update(X, 1, 1);
      const s = sut.select(X, rng);
      expect(s.action).toBe(1);
      const { alpha, beta } = sut.posterior(X, 1);
      expect(s.predictedReward).toBeCloseTo(
        X.reduce((sum, xi, i) => sum + (alpha[i] / (alpha[i] + beta[i])) * xi, 0),
        12,
      );
      expect(s.propensity).toBeGreaterThan(0.9);
      expect(s.propensity).toBeLessThanOrEqual(1);
      expect(s.exploration).toBeCloseTo(1 - s.confidence, 12);
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.details).toMatchObject({ treeDepth: 0, leafSamples: 40, round: 40 });
    });

    it('picks action 0 with confidence 0 for an all-zero context, drawing nothing for zero features', () => {
      const sut = new OffsetTree(4, 3);
      let draws = 0;
      const counting: RandomSource = { next: () => (draws++, 0.5) };
      const s = sut.select([0, 0, 0], counting);
      expect([s.action, s.confidence, s.exploration, s.predictedReward]).toEqual([0, 0, 1, 0]);
      // Nothing is drawn: zero features are skipped and the propensity is computed, not sampled. Four certain
      // scores of 0 tie, and a tie goes to action 0.
      expect([draws, s.propensity]).toEqual([0, 1]);
    });

    it('floors the propensity at 1 / (16·k)', () => {
      const sut = new OffsetTree(2, 1);
      const rng = seededRandom(8);
      for (let t = 0; t < 400; t++) sut.update([1], 0, 1);
      for (let t = 0; t < 400; t++) sut.update([1], 1, 0);
      for (let i = 0; i < 20; i++) {
        const s = sut.select([1], rng);
        expect(s.propensity).toBeGreaterThanOrEqual(1 / 32);
        expect(s.action === 0 ? s.propensity : 1 / 32).toBeCloseTo(s.action === 0 ? 1 : 1 / 32, 12);
      }
    });
  });

  describe('constructor', () => {
    it('names the invalid parameter', () => {
      expect(() => new OffsetTree(2, 8, { maxDepth: 11 })).toThrow('maxDepth must be an integer from 0 to 10, got 11');
      expect(() => new OffsetTree(2, 8, { minSamples: 2.5 })).toThrow(
        'minSamples must be an integer from 1 to 1000000, got 2.5',
      );
      expect(() => new OffsetTree(2, 8, { minSamples: 40, maxSamples: 30 })).toThrow(
        'maxSamples must be an integer from minSamples (40) to 1000000, got 30',
      );
    });

    it('defaults to maxDepth 4, minSamples 20 and maxSamples 500', () => {
      expect(new OffsetTree(4, 8).snapshot().params).toEqual({ maxDepth: 4, minSamples: 20, maxSamples: 500 });
    });
  });
});
