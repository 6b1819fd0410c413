import { seededRandom, type RandomSource } from '../../../core/runtime/random';
import { ALGORITHM_NAMES, type AlgorithmName, type AlgorithmSnapshot, type BanditAlgorithm } from './bandit-algorithm';
import { ALGORITHM_PARAMS, createAlgorithm, restoreAlgorithm } from './registry';

const K = 3;
const D = 6;

const context = (rng: RandomSource) => Array.from({ length: D }, (_, i) => (i === D - 1 ? 1 : rng.next()));
/** Action a pays best in its third of x[0]. */
const reward = (x: readonly number[], a: number) => (Math.floor(x[0] * K) === a ? 0.9 : 0.2);

function trained(name: AlgorithmName, rounds = 400): BanditAlgorithm {
  const learner = createAlgorithm(name, K, D);
  const rng = seededRandom(11);
  for (let t = 0; t < rounds; t++) {
    const x = context(rng);
    const a = learner.select(x, rng).action;
    learner.update(x, a, reward(x, a), 0.5);
  }
  return learner;
}

const roundTrip = (s: AlgorithmSnapshot) => restoreAlgorithm(JSON.parse(JSON.stringify(s)) as AlgorithmSnapshot);

describe('registry', () => {
  describe(createAlgorithm.name, () => {
    it.each(ALGORITHM_NAMES)('creates %s with its name, shape and no updates', (name) => {
      const sut = createAlgorithm(name, 4, 8);
      expect([sut.name, sut.k, sut.d, sut.updates]).toEqual([name, 4, 8, 0]);
      expect(Object.keys(sut.snapshot().params).sort()).toEqual([...ALGORITHM_PARAMS[name]].sort());
    });

    it('takes parameters by name', () => {
      expect(createAlgorithm('doubly_robust', 2, 3, { alpha: 2, learningRate: 0.3 }).snapshot().params).toEqual({
        alpha: 2,
        learningRate: 0.3,
      });
      expect(
        createAlgorithm('offset_tree', 2, 3, { maxDepth: 2, minSamples: 10, maxSamples: 100 }).snapshot().params,
      ).toEqual({ maxDepth: 2, minSamples: 10, maxSamples: 100 });
      expect(createAlgorithm('linucb', 2, 3, { alpha: 0.5, intercept: 0 }).snapshot().params).toEqual({
        alpha: 0.5,
        intercept: 0,
      });
      expect(createAlgorithm('thompson_sampling', 2, 3, { v: 1, intercept: 1 }).snapshot().params).toEqual({
        v: 1,
        intercept: 1,
      });
      expect(createAlgorithm('epsilon_greedy', 2, 3, { epsilon: 0.3 }).snapshot().params).toEqual({ epsilon: 0.3 });
    });

    it('names what is wrong', () => {
      expect(() => createAlgorithm('nope' as AlgorithmName, 2, 3)).toThrow(
        'algorithm must be one of doubly_robust, offset_tree, linucb, thompson_sampling, epsilon_greedy, uniform_random, got "nope"',
      );
      expect(() => createAlgorithm('linucb', 2, 3, { epsilon: 0.1 })).toThrow(
        'epsilon is not a parameter of linucb (accepted: alpha, intercept)',
      );
      expect(() => createAlgorithm('uniform_random', 2, 3, { alpha: 1 })).toThrow(
        'alpha is not a parameter of uniform_random (accepted: none)',
      );
      expect(() => createAlgorithm('epsilon_greedy', 2, 3, { epsilon: Number.NaN })).toThrow(
        'epsilon must be a finite number, got NaN',
      );
      expect(() => createAlgorithm('thompson_sampling', 2, 3, { intercept: 2 })).toThrow(
        'intercept must be 0 or 1, got 2',
      );
      expect(() => createAlgorithm('offset_tree', 1, 3)).toThrow('k (number of actions) must be an integer ≥ 2, got 1');
      expect(() => createAlgorithm('doubly_robust', 2, 1.5)).toThrow(
        'd (context dimension) must be an integer ≥ 1, got 1.5',
      );
    });
  });

  describe(restoreAlgorithm.name, () => {
    it.each(ALGORITHM_NAMES)(
      'B12 #7: %s survives state → JSON → restore and makes the same 50 decisions with the same seed',
      (name) => {
        const original = trained(name);
        const snapshot = original.snapshot();
        const restored = roundTrip(snapshot)!;
        expect(restored).toBeDefined();
        expect(restored.snapshot()).toEqual(snapshot);
        expect(restored.stats()).toEqual(original.stats());
        const ctxRng = seededRandom(21);
        const rngA = seededRandom(22);
        const rngB = seededRandom(22);
        for (let t = 0; t < 50; t++) {
          const x = context(ctxRng);
          const a = original.select(x, rngA);
          expect(restored.select(x, rngB)).toEqual(a);
          original.update(x, a.action, reward(x, a.action));
          restored.update(x, a.action, reward(x, a.action));
        }
        expect(restored.snapshot()).toEqual(original.snapshot());
      },
    );

    it('round-trips a grown offset tree', () => {
      const tree = trained('offset_tree', 600);
      expect(tree.stats().treeSize).toBeGreaterThan(3);
      expect(roundTrip(tree.snapshot())!.stats()).toEqual(tree.stats());
    });

    it('B12 #7: ignores a snapshot of another version', () => {
      const snapshot = trained('linucb', 10).snapshot();
      expect(restoreAlgorithm({ ...snapshot, version: 2 })).toBeUndefined();
      expect(restoreAlgorithm({ ...snapshot, version: 0 })).toBeUndefined();
    });

    it.each<[string, (s: Record<string, unknown>) => unknown]>([
      ['not an object', () => null],
      ['an unknown algorithm', (s) => ({ ...s, algorithm: 'ucb1' })],
      ['a k that does not match the state', (s) => ({ ...s, k: 4 })],
      ['a d that does not match the state', (s) => ({ ...s, d: 5 })],
      ['k < 2', (s) => ({ ...s, k: 1 })],
      ['negative updates', (s) => ({ ...s, updates: -1 })],
      ['an unknown parameter', (s) => ({ ...s, params: { ...(s.params as object), beta: 1 } })],
      ['a non-numeric parameter', (s) => ({ ...s, params: { alpha: '1' } })],
      ['no state', (s) => ({ ...s, state: undefined })],
    ])('returns undefined for %s', (_label, mutate) => {
      for (const name of ALGORITHM_NAMES) {
        const s = JSON.parse(JSON.stringify(trained(name, 60).snapshot())) as Record<string, unknown>;
        const bad = mutate(s) as AlgorithmSnapshot;
        // uniform_random has no state to mismatch (only k, d, params and updates are checked).
        if (name === 'uniform_random' && /match the state/.test(_label)) continue;
        expect(restoreAlgorithm(bad)).toBeUndefined();
      }
    });

    it('rejects malformed state of each algorithm', () => {
      const state = (name: AlgorithmName, rounds = 60) =>
        JSON.parse(JSON.stringify(trained(name, rounds).snapshot())) as AlgorithmSnapshot & {
          state: Record<string, unknown>;
        };
      const dr = state('doubly_robust');
      (dr.state.R as number[][])[1][2] = Number.NaN;
      expect(roundTrip(dr)).toBeUndefined(); // NaN became null
      const lin = state('linucb');
      (lin.state.Ainv as number[][][])[0][0][1] += 1e-3;
      expect(restoreAlgorithm(lin)).toBeUndefined(); // no longer symmetric
      const eg = state('epsilon_greedy');
      (eg.state.counts as number[])[0] = -1;
      expect(restoreAlgorithm(eg)).toBeUndefined();
      const ot = state('offset_tree', 600);
      const deep = { ...ot, params: { ...ot.params, maxDepth: 0 } };
      expect(restoreAlgorithm(deep)).toBeUndefined(); // the tree is deeper than maxDepth allows
      const leaf = state('offset_tree', 10);
      (leaf.state.root as { rs: number[] }).rs.push(0.5);
      expect(restoreAlgorithm(leaf)).toBeUndefined(); // xs and rs differ in length
    });
  });
});
