import { countAt, numberAt, objectAt, pairsAt, snapshotAt } from '../snapshot-fields';

/** What a prompt A/B test optimises for. */
export const PromptTarget = {
  Quality: 'quality',
  Speed: 'speed',
  Cost: 'cost',
  Balanced: 'balanced',
} as const;
export type PromptTarget = (typeof PromptTarget)[keyof typeof PromptTarget];

/** One measured outcome of a prompt variant. */
export interface PromptObservation {
  /** In [0, 1]. */
  readonly quality: number;
  readonly latencyMs: number;
  readonly costUsd: number;
}

/** Running statistics of one prompt variant. */
export interface PromptVariantStat {
  readonly samples: number;
  /** EMA (0.8·old + 0.2·x); the first value is the first observation. Same for latency and cost. */
  readonly quality: number;
  readonly latencyMs: number;
  readonly costUsd: number;
  /** EMA (0.9·old + 0.1·x) of success as 1/0; the first value is the first observation. */
  readonly successRate: number;
}

/** What {@link PromptAbStats} holds, as JSON: `[variantId, stat]` pairs, least recently updated first. */
export interface PromptAbSnapshot {
  readonly variants: readonly (readonly [string, PromptVariantStat])[];
}

const METRIC_ALPHA = 0.2;
const SUCCESS_ALPHA = 0.1;

function ema(old: number | undefined, x: number, alpha: number): number {
  return old === undefined ? x : (1 - alpha) * old + alpha * x;
}

const speedScore = (latencyMs: number): number => 1 / (1 + latencyMs / 1000);
const costScore = (costUsd: number): number => 1 / (1 + 100 * costUsd);

/**
 * The reward of an outcome for a target: quality → q; speed → 1/(1 + latency/1000); cost → 1/(1 + 100·cost);
 * balanced → 0.6·q + 0.2·speed + 0.2·cost.
 *
 * @example rewardFor('balanced', { quality: 0.8, latencyMs: 1000, costUsd: 0.01 }) // 0.68
 */
export function rewardFor(target: PromptTarget, obs: PromptObservation): number {
  switch (target) {
    case 'quality':
      return obs.quality;
    case 'speed':
      return speedScore(obs.latencyMs);
    case 'cost':
      return costScore(obs.costUsd);
    case 'balanced':
      return 0.6 * obs.quality + 0.2 * speedScore(obs.latencyMs) + 0.2 * costScore(obs.costUsd);
    default:
      return assertNeverTarget(target);
  }
}

function assertNeverTarget(target: never): never {
  throw new Error(`Unknown prompt target: ${String(target)}`);
}

/**
 * Per-variant statistics of prompt A/B tests. Holds at most `maxVariants` variants (default 10 000); a new variant
 * beyond that evicts the least recently updated one.
 */
export class PromptAbStats {
  private readonly stats = new Map<string, PromptVariantStat>();

  constructor(private readonly maxVariants = 10_000) {}

  /** The statistics of a {@link PromptAbSnapshot} read back from JSON; beyond `maxVariants` the oldest are dropped. */
  static restore(snapshot: unknown, maxVariants?: number): PromptAbStats {
    const out = new PromptAbStats(maxVariants);
    for (const [id, stat] of pairsAt(snapshotAt(snapshot).variants, 'variants', readVariant)) out.put(id, stat);
    return out;
  }

  /** Folds one outcome into the variant's statistics. Returns false, recording nothing, when a number is not finite. */
  record(variantId: string, obs: PromptObservation & { readonly success: boolean }): boolean {
    if (![obs.quality, obs.latencyMs, obs.costUsd].every(Number.isFinite)) return false;
    const old = this.stats.get(variantId);
    const next: PromptVariantStat = {
      samples: (old?.samples ?? 0) + 1,
      quality: ema(old?.quality, obs.quality, METRIC_ALPHA),
      latencyMs: ema(old?.latencyMs, obs.latencyMs, METRIC_ALPHA),
      costUsd: ema(old?.costUsd, obs.costUsd, METRIC_ALPHA),
      successRate: ema(old?.successRate, obs.success ? 1 : 0, SUCCESS_ALPHA),
    };
    this.put(variantId, next);
    return true;
  }

  get(variantId: string): PromptVariantStat | undefined {
    return this.stats.get(variantId);
  }

  /**
   * The variant whose averaged quality, latency and cost score highest for the target; ties go to the
   * lexicographically smallest id. Undefined when nothing has been recorded.
   */
  best(target: PromptTarget): string | undefined {
    let bestId: string | undefined;
    let bestReward = -Infinity;
    for (const [id, stat] of this.stats) {
      const reward = rewardFor(target, stat);
      if (reward > bestReward || (reward === bestReward && bestId !== undefined && id < bestId)) {
        bestId = id;
        bestReward = reward;
      }
    }
    return bestId;
  }

  /** A copy of all statistics keyed by variant id. */
  snapshot(): Record<string, PromptVariantStat> {
    return Object.fromEntries(this.stats);
  }

  /** The durable form: unlike {@link snapshot} (a report keyed by id) it keeps the update order eviction follows. */
  orderedSnapshot(): PromptAbSnapshot {
    return { variants: [...this.stats] };
  }

  private put(variantId: string, stat: PromptVariantStat): void {
    this.stats.delete(variantId);
    if (this.stats.size >= this.maxVariants) {
      const oldest = this.stats.keys().next();
      if (!oldest.done) this.stats.delete(oldest.value);
    }
    this.stats.set(variantId, stat);
  }
}

function readVariant(v: unknown, field: string): PromptVariantStat {
  const s = objectAt(v, field);
  return {
    samples: countAt(s.samples, `${field}.samples`),
    quality: numberAt(s.quality, `${field}.quality`),
    latencyMs: numberAt(s.latencyMs, `${field}.latencyMs`),
    costUsd: numberAt(s.costUsd, `${field}.costUsd`),
    successRate: numberAt(s.successRate, `${field}.successRate`),
  };
}
