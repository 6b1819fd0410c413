import { countAt, numberAt, objectAt, pairsAt, snapshotAt } from '../snapshot-fields';

/** What the routing sinks learn about one tool or agent. */
export interface ComponentStat {
  readonly samples: number;
  /** EMA (0.9·old + 0.1·x) of success as 1/0; the first value is the first observation. */
  readonly successRate: number;
  /** EMA of latency in ms, same rule; absent until a latency is observed. */
  readonly latencyMs?: number;
  /** EMA of reward, same rule. */
  readonly reward: number;
  /** The `now` (epoch ms) of the latest observation. */
  readonly lastUpdated: number;
}

/** What {@link ComponentStats} holds, as JSON: `[id, stat]` pairs, least recently updated first. */
export interface ComponentStatsSnapshot {
  readonly stats: readonly (readonly [string, ComponentStat])[];
}

/** One observation of a tool or agent. */
export interface ComponentObservation {
  readonly success: boolean;
  readonly latencyMs?: number;
  readonly reward: number;
  /** Epoch ms. */
  readonly now: number;
}

/** Weight the EMA gives to the new value. */
const ALPHA = 0.1;

function ema(old: number | undefined, x: number): number {
  return old === undefined ? x : (1 - ALPHA) * old + ALPHA * x;
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Per-id learning statistics for the tool and agent sinks. Holds at most `maxIds` ids (default 10 000); recording a
 * new id beyond that evicts the least recently updated one.
 *
 * @example
 * const sut = new ComponentStats();
 * sut.record('search', { success: true, latencyMs: 120, reward: 0.9, now: 0 });
 */
export class ComponentStats {
  // Map order is update order: every record moves its id to the end, so the first key is the least recently updated.
  private readonly stats = new Map<string, ComponentStat>();

  constructor(private readonly maxIds = 10_000) {}

  /** The statistics of a {@link ComponentStatsSnapshot} read back from JSON; beyond `maxIds` the oldest are dropped. */
  static restore(snapshot: unknown, maxIds?: number): ComponentStats {
    const out = new ComponentStats(maxIds);
    for (const [id, stat] of pairsAt(snapshotAt(snapshot).stats, 'stats', readStat)) out.put(id, stat);
    return out;
  }

  /**
   * Folds one observation into the id's statistics. Returns false, recording nothing, when the reward or `now` is
   * not finite; a non-finite latency counts as absent.
   */
  record(id: string, s: ComponentObservation): boolean {
    if (!isFiniteNumber(s.reward) || !isFiniteNumber(s.now)) return false;
    const old = this.stats.get(id);
    const latency = isFiniteNumber(s.latencyMs) ? ema(old?.latencyMs, s.latencyMs) : old?.latencyMs;
    const next: ComponentStat = {
      samples: (old?.samples ?? 0) + 1,
      successRate: ema(old?.successRate, s.success ? 1 : 0),
      ...(latency === undefined ? {} : { latencyMs: latency }),
      reward: ema(old?.reward, s.reward),
      lastUpdated: s.now,
    };
    this.put(id, next);
    return true;
  }

  get(id: string): ComponentStat | undefined {
    return this.stats.get(id);
  }

  get size(): number {
    return this.stats.size;
  }

  /** A copy of all statistics keyed by id. */
  snapshot(): Record<string, ComponentStat> {
    return Object.fromEntries(this.stats);
  }

  /** The durable form: unlike {@link snapshot} (a report keyed by id) it keeps the update order eviction follows. */
  orderedSnapshot(): ComponentStatsSnapshot {
    return { stats: [...this.stats] };
  }

  private put(id: string, stat: ComponentStat): void {
    this.stats.delete(id);
    if (this.stats.size >= this.maxIds) this.evictOldest();
    this.stats.set(id, stat);
  }

  private evictOldest(): void {
    const oldest = this.stats.keys().next();
    if (!oldest.done) this.stats.delete(oldest.value);
  }
}

function readStat(v: unknown, field: string): ComponentStat {
  const s = objectAt(v, field);
  const latency = s.latencyMs === undefined ? undefined : numberAt(s.latencyMs, `${field}.latencyMs`);
  return {
    samples: countAt(s.samples, `${field}.samples`),
    successRate: numberAt(s.successRate, `${field}.successRate`),
    ...(latency === undefined ? {} : { latencyMs: latency }),
    reward: numberAt(s.reward, `${field}.reward`),
    lastUpdated: numberAt(s.lastUpdated, `${field}.lastUpdated`),
  };
}

/**
 * Reward for a tool call as the tool-routing bandit scores it: 0 on failure, otherwise 0.6 + 0.4·quality, less a
 * latency penalty of 0.2·min((latency − 5000)/10 000, 0.5) above 5 s. Quality is clamped to [0, 1], so a success
 * scores between 0.5 and 1.
 */
export function toolRoutingReward(success: boolean, quality: number, latencyMs: number): number {
  if (!success) return 0;
  const penalty = latencyMs > 5000 ? 0.2 * Math.min((latencyMs - 5000) / 10_000, 0.5) : 0;
  return 0.6 + 0.4 * unit(quality) - penalty;
}

/**
 * Reward for an agent task as the agent-routing bandit scores it: 0 on failure, otherwise 0.5 + 0.5·quality, less
 * 0.2 when the task took more than twice the expected duration. Quality is clamped to [0, 1].
 */
export function agentRoutingReward(
  success: boolean,
  quality: number,
  durationS: number,
  expectedDurationS: number,
): number {
  if (!success) return 0;
  const penalty = durationS > 2 * expectedDurationS ? 0.2 : 0;
  return 0.5 + 0.5 * unit(quality) - penalty;
}

function unit(x: number): number {
  return Number.isNaN(x) ? 0 : Math.min(1, Math.max(0, x));
}
