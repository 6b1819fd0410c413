import type { MonitoringStatus, PlannedCheck } from '../monitoring.engine';
import type { Source, SourceState } from '../monitoring.types';
import type { TenantCounts } from './tenant-counters';

/** A source is stale after this many intervals without a successful check. */
export const STALE_INTERVALS = 3;

/**
 * Whether the source is enabled and had no successful check for {@link STALE_INTERVALS} times its interval
 * (counted from its creation when it never had one).
 */
export function isStale(source: Source, state: SourceState, now: number): boolean {
  if (!source.enabled) return false;
  const since = state.lastSuccessAt ?? source.createdAt;
  return now - since > STALE_INTERVALS * state.currentIntervalSeconds * 1000;
}

/** The tenant's status from its sources and states, this instance's counters and the waiting items. */
export function tenantStatus(
  rows: readonly { source: Source; state: SourceState | undefined }[],
  counts: TenantCounts,
  engine: { running: boolean; startedAt: number | null; now: number; itemsWaiting: number },
): MonitoringStatus {
  const enabled = rows.filter((r) => r.source.enabled);
  return {
    running: engine.running,
    startedAt: engine.startedAt,
    sources: {
      total: rows.length,
      enabled: enabled.length,
      failing: enabled.filter((r) => (r.state?.consecutiveErrors ?? 0) > 0).length,
      stale: enabled.filter((r) => r.state && isStale(r.source, r.state, engine.now)).length,
    },
    checks: { total: counts.checks, errors: counts.errors, notModified: counts.notModified },
    itemsFound: counts.itemsFound,
    runsStarted: counts.runsStarted,
    itemsWaiting: engine.itemsWaiting,
  };
}

/** Enabled sources with a planned check, earliest first (then by priority), at most `limit`. */
export function plannedChecks(
  rows: readonly { source: Source; state: SourceState | undefined; nextCheckAt: number | null }[],
  now: number,
  limit: number,
): PlannedCheck[] {
  return rows
    .filter((r) => r.source.enabled && r.state && r.nextCheckAt !== null)
    .map((r) => ({
      sourceId: r.source.id,
      creatorId: r.source.creatorId,
      platform: r.source.platform,
      nextCheckAt: r.nextCheckAt!,
      inSeconds: Math.max(0, r.nextCheckAt! - now) / 1000,
      intervalSeconds: r.state!.currentIntervalSeconds,
      priority: r.source.priority,
    }))
    .sort((a, b) => a.nextCheckAt - b.nextCheckAt || a.priority - b.priority || a.sourceId.localeCompare(b.sourceId))
    .slice(0, limit);
}
