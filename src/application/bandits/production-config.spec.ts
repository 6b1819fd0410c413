import { seededRandom } from '../../core/runtime/random';
import type { AlgorithmName } from './algorithms/bandit-algorithm';
import { normal } from './algorithms/random-draws';
import { createAlgorithm } from './algorithms/registry';
import { contextVector } from './features';

/**
 * The orchestrator's own configuration (the context features of model_routing, users u0…u9, 12:00 UTC,
 * complexity and priority ~ U(0, 1), N(0, 0.1) reward noise), 10 seeds of 2 000 rounds; expected regret.
 */
const NOON = Date.UTC(2026, 0, 1, 12);

function episode(algorithm: AlgorithmName, seed: number, mean: (a: number, complexity: number) => number): number {
  const env = seededRandom(seed);
  const rng = seededRandom(10_000 + seed);
  const learner = createAlgorithm(algorithm, 4, 8);
  let regret = 0;
  for (let t = 0; t < 2000; t++) {
    const complexity = env.next();
    const x = contextVector({
      userId: `u${t % 10}`,
      domain: 'model_routing',
      features: { complexity, priority: env.next() },
      timestampMs: NOON,
      dimension: 8,
    });
    const a = learner.select(x, rng).action;
    const means = [0, 1, 2, 3].map((arm) => mean(arm, complexity));
    regret += Math.max(...means) - means[a];
    learner.update(x, a, Math.min(1, Math.max(0, means[a] + 0.1 * normal(env))));
  }
  return regret;
}

const meanRegret = (algorithm: AlgorithmName, problem: (a: number, c: number) => number) => {
  const all = Array.from({ length: 10 }, (_, i) => episode(algorithm, i + 1, problem));
  return all.reduce((s, v) => s + v, 0) / all.length;
};

const STATIC = [0.5, 0.6, 0.8, 0.55];
const staticProblem = (a: number) => STATIC[a];
const contextualProblem = (a: number, complexity: number) =>
  a === Math.min(3, Math.floor(4 * complexity)) ? 0.8 : 0.4;

describe('production configuration (10 seeds × 2 000 rounds, expected regret)', () => {
  it('static arms: doubly_robust within its fidelity band [80, 130], offset_tree ≤ 40, both far below uniform random (375)', () => {
    const dr = meanRegret('doubly_robust', staticProblem);
    const ot = meanRegret('offset_tree', staticProblem);
    expect(dr).toBeGreaterThanOrEqual(80);
    expect(dr).toBeLessThanOrEqual(130);
    expect(ot).toBeLessThanOrEqual(40);
  });

  it('contextual arms (best = ⌊4·complexity⌋): doubly_robust ≤ 360, offset_tree ≤ 500, and the fixed learners do better', () => {
    expect(meanRegret('doubly_robust', contextualProblem)).toBeLessThanOrEqual(360);
    expect(meanRegret('offset_tree', contextualProblem)).toBeLessThanOrEqual(500);
    expect(meanRegret('linucb', contextualProblem)).toBeLessThan(meanRegret('doubly_robust', contextualProblem));
  });
});
