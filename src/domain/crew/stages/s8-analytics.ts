import { fail, ok } from '../../../core/result/step-result';
import type { Clock } from '../../../core/runtime/clock';
import { roundTo } from '../../content';
import type { StageDeps, StageResult } from './stage.types';
import type { PerformanceAnalyticsPort } from '../ports/performance-analytics.port';

/** The window S8 reports on: the analytics dashboard of the last 24 hours. */
export const ANALYTICS_WINDOW_HOURS = 24;

const HOUR_MS = 3_600_000;

/** One finished run, as the workflow records it. */
export interface RunRecord {
  readonly workflowId: string;
  readonly depth: string;
  readonly status: 'completed' | 'failed';
  readonly durationMs: number;
  /** Epoch milliseconds (the injected clock) when the run ended. */
  readonly at: number;
}

/** Count and duration percentiles of the runs of one depth. */
export interface DepthStats {
  readonly count: number;
  readonly p50_ms: number;
  readonly p95_ms: number;
}

/** Nearest-rank percentile of ascending `sorted` (non-empty): the value at rank ⌈p/100 · n⌉. */
export function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/**
 * The default {@link PerformanceAnalyticsPort}: the last `capacity` runs in a ring (the oldest is overwritten),
 * summarised over a sliding window of the injected clock. In-process and per instance, so it forgets on restart.
 *
 * @example
 * const analytics = new RunHistoryAnalytics(clock);
 * analytics.record({ workflowId: 'w1', depth: 'deep', status: 'completed', durationMs: 900, at: clock.now() });
 * await analytics.dashboard(24); // { total: 1, completed: 1, failed: 0, success_rate: 1, by_depth: { deep: … }, window_hours: 24 }
 */
export class RunHistoryAnalytics implements PerformanceAnalyticsPort {
  private readonly ring: (RunRecord | undefined)[];
  private next = 0;

  constructor(
    private readonly clock: Clock,
    capacity = 1000,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<RunRecord | undefined>(capacity).fill(undefined);
  }

  /** Adds a finished run; past `capacity` runs, the oldest is dropped. */
  record(run: RunRecord): void {
    this.ring[this.next] = { ...run };
    this.next = (this.next + 1) % this.ring.length;
  }

  /**
   * Runs that ended at or after `now − hours`: totals, `success_rate` = completed/total (3 dp, 0 without runs),
   * and per depth the count with p50/p95 durations (nearest rank).
   */
  async dashboard(hours: number): Promise<Record<string, unknown>> {
    const since = this.clock.now() - hours * HOUR_MS;
    const runs = this.ring.filter((r): r is RunRecord => r !== undefined && r.at >= since);
    const completed = runs.filter((r) => r.status === 'completed').length;
    const durations = new Map<string, number[]>();
    for (const run of runs) {
      const list = durations.get(run.depth) ?? [];
      list.push(run.durationMs);
      durations.set(run.depth, list);
    }
    const byDepth: Record<string, DepthStats> = {};
    for (const [depth, values] of [...durations].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = values.sort((a, b) => a - b);
      byDepth[depth] = { count: sorted.length, p50_ms: nearestRank(sorted, 50), p95_ms: nearestRank(sorted, 95) };
    }
    return {
      total: runs.length,
      completed,
      failed: runs.length - completed,
      success_rate: runs.length === 0 ? 0 : roundTo(completed / runs.length, 3),
      by_depth: byDepth,
      window_hours: hours,
    };
  }
}

/**
 * S8 performance analytics (comprehensive and deeper): the analytics dashboard over the last
 * {@link ANALYTICS_WINDOW_HOURS} hours. A port that throws makes an `unavailable` error.
 */
export async function analyticsStage(deps: Pick<StageDeps, 'analytics'>): Promise<StageResult> {
  try {
    return ok({ dashboard: await deps.analytics.dashboard(ANALYTICS_WINDOW_HOURS) });
  } catch (e) {
    return fail('unavailable', `performance analytics failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
