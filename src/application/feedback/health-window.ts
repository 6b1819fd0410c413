/** Rewards below this count as errors in the health score. */
const ERROR_REWARD = 0.3;

/** A component's score over its recent rewards. */
export interface HealthDetails {
  readonly healthScore: number;
  readonly avgReward: number;
  readonly sampleSize: number;
  readonly errorRate: number;
  readonly rewardStd: number;
}

/**
 * Health of a reward window: mean × (1 − share below 0.3) × (1 − min(population std, 0.5)), clamped to [0, 1];
 * 1 for an empty window.
 */
export function healthOf(rewards: readonly number[]): HealthDetails {
  const n = rewards.length;
  if (n === 0) return { healthScore: 1, avgReward: 0, sampleSize: 0, errorRate: 0, rewardStd: 0 };
  let sum = 0;
  let errors = 0;
  for (const r of rewards) {
    sum += r;
    if (r < ERROR_REWARD) errors++;
  }
  const avg = sum / n;
  let squares = 0;
  for (const r of rewards) squares += (r - avg) ** 2;
  const std = Math.sqrt(squares / n);
  const errorRate = errors / n;
  const score = avg * (1 - errorRate) * (1 - Math.min(std, 0.5));
  return { healthScore: Math.min(1, Math.max(0, score)), avgReward: avg, sampleSize: n, errorRate, rewardStd: std };
}

/** A fixed-size window of the newest rewards. */
export class RewardWindow {
  private readonly values: number[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  /** A window holding `rewards` (oldest first; beyond the capacity the oldest are dropped). */
  static of(rewards: readonly number[], capacity: number): RewardWindow {
    const w = new RewardWindow(capacity);
    for (const r of rewards) w.push(r);
    return w;
  }

  push(r: number): void {
    if (this.values.length < this.capacity) this.values.push(r);
    else this.values[this.next] = r;
    this.next = (this.next + 1) % this.capacity;
  }

  get size(): number {
    return this.values.length;
  }

  /** Oldest first. */
  toArray(): number[] {
    return this.values.length < this.capacity
      ? [...this.values]
      : [...this.values.slice(this.next), ...this.values.slice(0, this.next)];
  }
}
