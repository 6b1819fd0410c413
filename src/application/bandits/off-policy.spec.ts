import { seededRandom, type RandomSource } from '../../core/runtime/random';
import { evaluatePolicy, type LoggedBanditEvent, type TargetPolicy } from './off-policy';

/**
 * A known 3-arm problem on x ~ U[0, 1]²: Bernoulli rewards with means
 * μ₀ = 0.1 + 0.8·x₀, μ₁ = 0.5, μ₂ = 0.3 + 0.4·x₁.
 */
const MEANS = [(x: readonly number[]) => 0.1 + 0.8 * x[0], () => 0.5, (x: readonly number[]) => 0.3 + 0.4 * x[1]];
const trueMean = (x: readonly number[], a: number): number => MEANS[a](x);

/** Target: arm 0 when x₀ > 0.5, else arm 2. Value = ½·E[μ₀ | x₀ > ½] + ½·E[μ₂] = ½·0.7 + ½·0.5 = 0.6. */
const target: TargetPolicy = (x) => (x[0] > 0.5 ? [1, 0, 0] : [0, 0, 1]);
const TARGET_VALUE = 0.6;

const uniform: TargetPolicy = () => [1 / 3, 1 / 3, 1 / 3];

/** Logs n decisions of `logging`, sampling the action from its probabilities. */
function logDecisions(rng: RandomSource, n: number, logging: TargetPolicy): LoggedBanditEvent[] {
  return Array.from({ length: n }, () => {
    const x = [rng.next(), rng.next()];
    const p = logging(x);
    const u = rng.next();
    let action = 0;
    for (let cumulative = p[0]; u >= cumulative && action < p.length - 1; cumulative += p[action]) action++;
    const reward = rng.next() < trueMean(x, action) ? 1 : 0;
    return { x, action, reward, propensity: p[action] };
  });
}

const covers = (ci: readonly [number, number], value: number): boolean => ci[0] <= value && value <= ci[1];

describe(evaluatePolicy.name, () => {
  describe('on 5000 uniform-random decisions of a known linear problem', () => {
    const events = logDecisions(seededRandom(20240517), 5000, uniform);
    const sut = evaluatePolicy(events, target);

    it('gives 95 % intervals of IPS, SNIPS and DR that contain the true value 0.6', () => {
      expect(sut.n).toBe(5000);
      expect(covers(sut.ips.ci95, TARGET_VALUE)).toBe(true);
      expect(covers(sut.snips.ci95, TARGET_VALUE)).toBe(true);
      expect(covers(sut.dr.ci95, TARGET_VALUE)).toBe(true);
    });

    it('gives DR (cross-fitted ridge) a smaller standard error than IPS', () => {
      expect(sut.dr.stderr).toBeLessThanOrEqual(sut.ips.stderr);
      // Bernoulli noise bounds the gain: about √(3·E[μ(1−μ)]) against √(3·0.6 − 0.36) per event.
      expect(sut.dr.stderr).toBeLessThan(0.8 * sut.ips.stderr);
      expect(sut.ips.stderr).toBeGreaterThan(0.012);
      expect(sut.ips.stderr).toBeLessThan(0.022);
    });

    it('reports weights of 0 or 3, the effective sample size and intervals of value ± 1.96·stderr', () => {
      expect(sut.maxWeight).toBeCloseTo(3, 12);
      const matching = events.filter((e) => target(e.x)[e.action] === 1).length;
      expect(sut.effectiveSampleSize).toBeCloseTo(matching, 6);
      expect(sut.dr.ci95[0]).toBeCloseTo(sut.dr.value - 1.96 * sut.dr.stderr, 12);
      expect(sut.dr.ci95[1]).toBeCloseTo(sut.dr.value + 1.96 * sut.dr.stderr, 12);
    });

    it('uses a given reward model; with the true means DR stays unbiased and beats IPS', () => {
      const oracle = evaluatePolicy(events, target, trueMean);
      expect(covers(oracle.dr.ci95, TARGET_VALUE)).toBe(true);
      expect(oracle.dr.stderr).toBeLessThanOrEqual(sut.ips.stderr);
      expect(oracle.ips).toEqual(sut.ips);
    });

    it('gives IPS = the mean logged reward exactly when the target is the logging policy', () => {
      const self = evaluatePolicy(events, uniform);
      const meanReward = events.reduce((s, e) => s + e.reward, 0) / events.length;
      expect(self.ips.value).toBeCloseTo(meanReward, 12);
      expect(self.snips.value).toBeCloseTo(meanReward, 12);
      expect(self.maxWeight).toBe(1);
      expect(self.effectiveSampleSize).toBeCloseTo(5000, 9);
    });
  });

  it('gives IPS = the mean logged reward for a non-uniform logging policy evaluated on itself', () => {
    const greedyish: TargetPolicy = (x) => (x[1] > 0.5 ? [0.1, 0.1, 0.8] : [0.7, 0.2, 0.1]);
    const events = logDecisions(seededRandom(7), 1000, greedyish);
    const meanReward = events.reduce((s, e) => s + e.reward, 0) / events.length;
    expect(evaluatePolicy(events, greedyish).ips.value).toBeCloseTo(meanReward, 12);
  });

  it('computes every estimate exactly on a small hand-worked log', () => {
    const events = [
      { x: [0], action: 0, reward: 1, propensity: 0.5 },
      { x: [1], action: 1, reward: 0, propensity: 0.5 },
      { x: [1], action: 0, reward: 0.5, propensity: 0.25 },
    ];
    // Always action 0: weights 2, 0, 4.
    const sut = evaluatePolicy(
      events,
      () => [1, 0],
      () => 0.5,
    );
    expect(sut.ips.value).toBeCloseTo(4 / 3, 9);
    expect(sut.ips.stderr).toBeCloseTo(2 / 3, 9);
    expect(sut.ips.ci95[0]).toBeCloseTo(4 / 3 - 1.96 * (2 / 3), 9);
    expect(sut.snips.value).toBeCloseTo(2 / 3, 9);
    expect(sut.snips.stderr).toBeCloseTo(Math.SQRT2 / 9, 9);
    // DR terms: 0.5 + 2·0.5, 0.5 + 0, 0.5 + 4·0.
    expect(sut.dr.value).toBeCloseTo(5 / 6, 9);
    expect(sut.dr.stderr).toBeCloseTo(1 / 3, 9);
    expect(sut.effectiveSampleSize).toBeCloseTo(1.8, 9);
    expect(sut.maxWeight).toBe(4);
  });

  it('predicts each event from the ridge model of the other fold', () => {
    const events = [
      { x: [0], action: 0, reward: 0, propensity: 0.5 },
      { x: [0], action: 0, reward: 1, propensity: 0.5 },
    ];
    // Event 0 is predicted by a model that saw only reward 1 (q̂ = 1), event 1 by one that saw only 0 (q̂ = 0):
    // DR terms 1 + 2·(0 − 1) = −1 and 0 + 2·(1 − 0) = 2.
    const sut = evaluatePolicy(events, () => [1, 0]);
    expect(sut.dr.value).toBeCloseTo(0.5, 9);
    expect(sut.dr.stderr).toBeCloseTo(1.5, 9);
  });

  it('falls back to q̂ = 0.5 and an infinite stderr for a single event', () => {
    const sut = evaluatePolicy([{ x: [0.2], action: 0, reward: 1, propensity: 0.5 }], () => [1, 0]);
    expect(sut.ips.value).toBe(2);
    expect(sut.dr.value).toBeCloseTo(1.5, 12);
    expect(sut.snips.value).toBe(1);
    expect([sut.ips.stderr, sut.snips.stderr, sut.dr.stderr]).toEqual([Infinity, Infinity, Infinity]);
  });

  it('reports SNIPS 0 with an infinite stderr and no effective samples when the target never takes a logged action', () => {
    const events = [
      { x: [0], action: 1, reward: 1, propensity: 0.5 },
      { x: [1], action: 1, reward: 0, propensity: 0.5 },
    ];
    const sut = evaluatePolicy(events, () => [1, 0]);
    expect(sut.snips).toEqual({ value: 0, stderr: Infinity, ci95: [-Infinity, Infinity] });
    expect(sut.ips.value).toBe(0);
    expect(sut.effectiveSampleSize).toBe(0);
    expect(sut.maxWeight).toBe(0);
  });

  describe('input checks', () => {
    const ok = { x: [0.1, 0.2], action: 0, reward: 0.5, propensity: 0.5 };
    const policy: TargetPolicy = () => [0.5, 0.5];
    const check = (event: Partial<LoggedBanditEvent>) => () => evaluatePolicy([ok, { ...ok, ...event }], policy);

    it('rejects an empty log', () => {
      expect(() => evaluatePolicy([], policy)).toThrow('cannot evaluate a policy on zero events');
    });

    it('rejects propensities outside (0, 1]', () => {
      expect(check({ propensity: 0 })).toThrow('events[1].propensity must be in (0, 1], got 0');
      expect(check({ propensity: 1.5 })).toThrow('events[1].propensity must be in (0, 1], got 1.5');
      expect(check({ propensity: NaN })).toThrow(RangeError);
      expect(check({ propensity: 1 })).not.toThrow();
    });

    it('rejects rewards outside [0, 1]', () => {
      expect(check({ reward: 1.2 })).toThrow('events[1].reward must be in [0, 1], got 1.2');
      expect(check({ reward: -0.1 })).toThrow('events[1].reward must be in [0, 1], got -0.1');
    });

    it('rejects actions outside the target policy range', () => {
      expect(check({ action: 2 })).toThrow('events[1].action must be an integer in [0, 2), got 2');
      expect(check({ action: 0.5 })).toThrow('events[1].action must be an integer in [0, 2), got 0.5');
    });

    it('rejects contexts of differing lengths and non-finite values', () => {
      expect(check({ x: [0.1] })).toThrow('events[1].x must have 2 values like events[0].x, got 1');
      expect(check({ x: [0.1, NaN] })).toThrow('events[1].x must hold finite numbers');
    });

    it('rejects target probabilities of the wrong length or not summing to 1', () => {
      let calls = 0;
      const shrinking: TargetPolicy = () => (calls++ === 0 ? [0.5, 0.5] : [1]);
      expect(() => evaluatePolicy([ok, ok], shrinking)).toThrow(
        'targetProbabilities(events[1].x) must give 2 probabilities like the first event, got 1',
      );
      expect(() => evaluatePolicy([ok], () => [0.5, 0.4])).toThrow(
        'targetProbabilities(events[0].x) must sum to 1, got 0.9',
      );
      expect(() => evaluatePolicy([ok], () => [1.5, -0.5])).toThrow(
        'targetProbabilities(events[0].x) must give probabilities in [0, 1]',
      );
      expect(() => evaluatePolicy([ok], () => [])).toThrow('targetProbabilities returned no actions');
    });

    it('rejects a reward model that returns a non-finite value', () => {
      expect(() => evaluatePolicy([ok], policy, () => NaN)).toThrow(
        'rewardModel(events[0].x, 0) must be a finite number, got NaN',
      );
    });
  });
});
