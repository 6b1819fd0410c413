import type { RaisedAlert } from '../../../core/ports/alert-sink.port';
import type { CheckRecord, Creator, Source, SourceState } from '../monitoring.types';

/** The thresholds of the monitoring alerts. */
export interface AlertThresholds {
  /** A source is failing when at least this share of its recent checks failed. Default 0.5. */
  readonly errorShare: number;
  /** The recent checks are those of the last `max(errorWindowMs, errorWindowIntervals × interval)`. */
  readonly errorWindowMs: number;
  readonly errorWindowIntervals: number;
  /** Fewer checks than this in the window say nothing. Default 2. */
  readonly minChecks: number;
  /** A source is stale after this many intervals without a successful check. Default 3. */
  readonly staleIntervals: number;
  /** Posts with a date needed before a creator's posting rhythm is judged. Default 6. */
  readonly minPostsForCadence: number;
  /** The usual gap between posts is this quantile of the observed gaps. Default 0.9. */
  readonly cadenceQuantile: number;
  /** A creator is overdue once the time since the last post exceeds the usual gap × this. Default 1.5. */
  readonly cadenceFactor: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  errorShare: 0.5,
  errorWindowMs: 3_600_000,
  errorWindowIntervals: 6,
  minChecks: 2,
  staleIntervals: 3,
  minPostsForCadence: 6,
  cadenceQuantile: 0.9,
  cadenceFactor: 1.5,
};

/** Alert keys: one condition instance each. */
export const alertKey = {
  failing: (tenantId: string, sourceId: string) => `monitoring:failing:${tenantId}:${sourceId}`,
  stale: (tenantId: string, sourceId: string) => `monitoring:stale:${tenantId}:${sourceId}`,
  overdue: (tenantId: string, creatorId: string) => `monitoring:overdue:${tenantId}:${creatorId}`,
  /** Every key of a source (for clearing them when it is disabled or removed). */
  ofSource: (tenantId: string, sourceId: string) => [
    `monitoring:failing:${tenantId}:${sourceId}`,
    `monitoring:stale:${tenantId}:${sourceId}`,
  ],
};

/** Start of the window whose checks decide whether a source is failing. */
export function errorWindowStart(state: SourceState, now: number, t: AlertThresholds): number {
  return now - Math.max(t.errorWindowMs, t.errorWindowIntervals * state.currentIntervalSeconds * 1000);
}

/**
 * Failing: at least `errorShare` of the checks in the window failed (and there were at least `minChecks`). A 304 or
 * a 200 counts as a success. Returns the alert, or null when the condition does not hold.
 */
export function failingAlert(source: Source, checks: readonly CheckRecord[], t: AlertThresholds): RaisedAlert | null {
  if (checks.length < t.minChecks) return null;
  const errors = checks.filter((c) => c.status === 'error').length;
  const share = errors / checks.length;
  if (share < t.errorShare) return null;
  const kinds = [...new Set(checks.flatMap((c) => (c.errorKind ? [c.errorKind] : [])))].join(', ');
  return {
    key: alertKey.failing(source.tenantId, source.id),
    ruleId: 'monitoring.check_failures',
    tenantId: source.tenantId,
    severity: 'error',
    title: `Checks of ${source.platform} source ${source.locator} are failing`,
    description: `${errors} of the last ${checks.length} checks failed (${kinds}): share ${round(share)} ≥ ${t.errorShare}`,
    value: round(share),
  };
}

/**
 * Stale: no successful check for `staleIntervals` × the source's interval, counted from its last success, else from
 * when it was last enabled or created. Null while the condition does not hold.
 */
export function staleAlert(source: Source, state: SourceState, now: number, t: AlertThresholds): RaisedAlert | null {
  if (!source.enabled) return null;
  const since = state.lastSuccessAt ?? source.updatedAt;
  const limitMs = t.staleIntervals * state.currentIntervalSeconds * 1000;
  const silentMs = now - since;
  if (silentMs <= limitMs) return null;
  return {
    key: alertKey.stale(source.tenantId, source.id),
    ruleId: 'monitoring.stale_source',
    tenantId: source.tenantId,
    severity: 'warning',
    title: `${source.platform} source ${source.locator} is stale`,
    description:
      `no successful check for ${Math.round(silentMs / 1000)} s ` +
      `(more than ${t.staleIntervals} × interval ${state.currentIntervalSeconds} s)`,
    value: Math.round(silentMs / 1000),
  };
}

/** What was learned from a creator's posting history. */
export interface Cadence {
  /** Epoch ms of the newest post. */
  readonly lastPostAt: number;
  /** The `cadenceQuantile` of the gaps between consecutive posts, in ms. */
  readonly usualGapMs: number;
  readonly posts: number;
}

/**
 * The creator's usual gap between posts, from the dates of the posts seen on all their sources (duplicates across
 * sources counted once); null with fewer than `minPostsForCadence` dated posts. The quantile is the nearest-rank one.
 */
export function learnCadence(postTimes: readonly number[], t: AlertThresholds): Cadence | null {
  const times = [...new Set(postTimes)].sort((a, b) => a - b);
  if (times.length < t.minPostsForCadence) return null;
  const gaps = times
    .slice(1)
    .map((at, i) => at - times[i])
    .sort((a, b) => a - b);
  const rank = Math.min(gaps.length, Math.max(1, Math.ceil(t.cadenceQuantile * gaps.length)));
  return { lastPostAt: times[times.length - 1], usualGapMs: gaps[rank - 1], posts: times.length };
}

/**
 * Overdue: the creator has not posted for longer than their usual gap × `cadenceFactor`. It clears when a new post
 * is seen. Null when the rhythm is unknown or the condition does not hold.
 */
export function overdueAlert(
  creator: Creator,
  cadence: Cadence | null,
  now: number,
  t: AlertThresholds,
): RaisedAlert | null {
  if (!cadence || cadence.usualGapMs <= 0) return null;
  const silentMs = now - cadence.lastPostAt;
  const limitMs = cadence.usualGapMs * t.cadenceFactor;
  if (silentMs <= limitMs) return null;
  const hours = (ms: number) => round(ms / 3_600_000);
  return {
    key: alertKey.overdue(creator.tenantId, creator.id),
    ruleId: 'monitoring.creator_overdue',
    tenantId: creator.tenantId,
    severity: 'info',
    title: `${creator.name} missed their usual posting window`,
    description:
      `no post for ${hours(silentMs)} h; usually within ${hours(cadence.usualGapMs)} h ` +
      `(${t.cadenceQuantile} quantile of ${cadence.posts - 1} gaps) × ${t.cadenceFactor}`,
    value: hours(silentMs),
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
