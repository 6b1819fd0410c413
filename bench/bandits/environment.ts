/**
 * The original's bandit benchmark environment, re-implemented from its published description and seeded:
 * k = 4 arms with unit-length weights and N(0, 0.1²) biases, 30 % sparse contexts (1–3 active N(0,1)
 * features) else dense N(0,1), normalised; reward = clamp((w·x + b + ε + 1) / 2), ε ~ N(0, 0.1²).
 */
import { normal } from '../../src/application/bandits/algorithms/random-draws';
import type { BanditAlgorithm } from '../../src/application/bandits/algorithms/bandit-algorithm';
import type { RandomSource } from '../../src/core/runtime/random';

export const K = 4;
export const D = 8;
const NOISE = 0.1;

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

export class BanditEnvironment {
  private readonly weights: number[][];
  private readonly biases: number[];

  constructor(private readonly rng: RandomSource) {
    this.weights = Array.from({ length: K }, () => {
      const w = Array.from({ length: D }, () => normal(rng));
      const norm = Math.hypot(...w);
      return w.map((v) => v / norm);
    });
    this.biases = Array.from({ length: K }, () => 0.1 * normal(rng));
  }

  context(): number[] {
    const x = new Array<number>(D).fill(0);
    if (this.rng.next() < 0.3) {
      const count = 1 + Math.floor(this.rng.next() * 3);
      const indices = new Set<number>();
      while (indices.size < count) indices.add(Math.floor(this.rng.next() * D));
      for (const i of indices) x[i] = normal(this.rng);
    } else {
      for (let i = 0; i < D; i++) x[i] = normal(this.rng);
    }
    const norm = Math.hypot(...x);
    return norm > 0 ? x.map((v) => v / norm) : x;
  }

  /** Noise-free mean of arm `a` before clamping: w·x + b. */
  mean(x: readonly number[], a: number): number {
    let s = this.biases[a];
    for (let i = 0; i < D; i++) s += this.weights[a][i] * x[i];
    return s;
  }

  /** One noisy, clamped reward draw. */
  reward(x: readonly number[], a: number): number {
    return clamp01((this.mean(x, a) + NOISE * normal(this.rng) + 1) / 2);
  }

  /** Noise-free reward (clamped mean) — for expected regret. */
  expected(x: readonly number[], a: number): number {
    return clamp01((this.mean(x, a) + 1) / 2);
  }

  optimal(x: readonly number[]): number {
    let best = 0;
    for (let a = 1; a < K; a++) if (this.mean(x, a) > this.mean(x, best)) best = a;
    return best;
  }
}

export interface RunResult {
  readonly totalReward: number;
  readonly noisyRegret: number;
  readonly expectedRegret: number;
  readonly finalPerformance: number;
  /** Select latencies in ns. */
  readonly selectNs: number[];
}

/** 200 warm-up rounds (nothing recorded), then `rounds` measured ones; only `select` is timed. */
export function runEpisode(
  env: BanditEnvironment,
  algorithm: BanditAlgorithm,
  rng: RandomSource,
  rounds = 2000,
  warmup = 200,
): RunResult {
  for (let t = 0; t < warmup; t++) {
    const x = env.context();
    const a = algorithm.select(x, rng).action;
    algorithm.update(x, a, env.reward(x, a));
  }
  let totalReward = 0;
  let noisyRegret = 0;
  let expectedRegret = 0;
  const rewards: number[] = [];
  const selectNs: number[] = [];
  for (let t = 0; t < rounds; t++) {
    const x = env.context();
    const started = process.hrtime.bigint();
    const selection = algorithm.select(x, rng);
    selectNs.push(Number(process.hrtime.bigint() - started));
    const a = selection.action;
    const r = env.reward(x, a);
    const best = env.optimal(x);
    const bestDraw = env.reward(x, best);
    algorithm.update(x, a, r, selection.propensity);
    totalReward += r;
    noisyRegret += bestDraw - r;
    expectedRegret += env.expected(x, best) - env.expected(x, a);
    rewards.push(r);
  }
  const last = rewards.slice(-100);
  return {
    totalReward,
    noisyRegret,
    expectedRegret,
    finalPerformance: last.reduce((s, v) => s + v, 0) / last.length,
    selectNs,
  };
}
