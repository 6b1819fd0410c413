import { seededRandom } from '../../../core/runtime/random';
import { type AlgorithmName } from './bandit-algorithm';
import { normal } from './random-draws';
import { createAlgorithm } from './registry';

const SEEDS = [1, 2, 3, 4, 5];

/**
 * A seeded two-arm linear problem: x = [2u − 1, 1] with u ~ U(0, 1); arm 0 pays 0.5 and arm 1 pays 0.5 + 0.4·x[0],
 * both plus N(0, 0.1²) noise, clamped to [0, 1]; so arm 1 is better exactly when x[0] > 0. Returns the share of the
 * last 200 of 2000 rounds that chose the better arm, pooled over five seeds.
 */
function betterArmShare(name: AlgorithmName): number {
  let good = 0;
  for (const seed of SEEDS) {
    const learner = createAlgorithm(name, 2, 2);
    const env = seededRandom(seed);
    const rng = seededRandom(100 + seed);
    for (let t = 0; t < 2000; t++) {
      const x = [2 * env.next() - 1, 1];
      const a = learner.select(x, rng).action;
      const mean = a === 0 ? 0.5 : 0.5 + 0.4 * x[0];
      learner.update(x, a, Math.min(1, Math.max(0, mean + 0.1 * normal(env))));
      if (t >= 1800 && a === (x[0] > 0 ? 1 : 0)) good++;
    }
  }
  return good / (200 * SEEDS.length);
}

describe('learning sanity (2 arms, arm 1 better when x[0] > 0)', () => {
  it.each<AlgorithmName>(['linucb', 'thompson_sampling', 'epsilon_greedy'])(
    '%s picks the better arm at least 80 % of the last 200 rounds',
    (name) => {
      expect(betterArmShare(name)).toBeGreaterThanOrEqual(0.8);
    },
  );

  it.each<AlgorithmName>(['doubly_robust', 'offset_tree'])('%s clearly beats uniform random', (name) => {
    expect(betterArmShare(name)).toBeGreaterThanOrEqual(0.7);
  });

  it('uniform_random, the baseline, is right about half of the time', () => {
    expect(Math.abs(betterArmShare('uniform_random') - 0.5)).toBeLessThan(0.1);
  });
});
