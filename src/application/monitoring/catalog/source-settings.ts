import type { ContentRunDepth, ContentRunMode } from '../../../core/ports/content-runs.port';
import type { Source, SourceState, YoutubeKind } from '../monitoring.types';
import type { SourcePatch } from './catalog.inputs';

/** The source with the patch's settings applied (a field left out keeps its value; `null` clears a nullable one). */
export function applyPatch(base: Source, patch: SourcePatch): Source {
  const pick = <K extends keyof SourcePatch & keyof Source>(k: K) =>
    (patch[k] === undefined ? base[k] : patch[k]) as Source[K];
  return {
    ...base,
    locator: pick('locator'),
    youtubeKind: (patch.youtubeKind === undefined ? base.youtubeKind : patch.youtubeKind) as YoutubeKind | null,
    enabled: pick('enabled'),
    priority: pick('priority'),
    intervalSeconds: pick('intervalSeconds'),
    jitterSeconds: pick('jitterSeconds'),
    quietHours: pick('quietHours'),
    runMode: (patch.runMode ?? base.runMode) as ContentRunMode,
    runDepth: (patch.runDepth ?? base.runDepth) as ContentRunDepth,
  };
}

/** A new source's state: an enabled one is first checked one interval from its creation. */
export function initialState(source: Source): SourceState {
  return {
    tenantId: source.tenantId,
    sourceId: source.id,
    validators: { etag: null, lastModified: null },
    nextCheckAt: source.enabled ? source.createdAt + source.intervalSeconds * 1000 : null,
    lastCheckAt: null,
    lastSuccessAt: null,
    lastError: null,
    consecutiveErrors: 0,
    backoffUntil: null,
    currentIntervalSeconds: source.intervalSeconds,
    websub: null,
  };
}

/**
 * The state after a settings change: disabling clears the next check; enabling plans it one interval from now; a
 * new interval plans it one interval after the last check (from now when there was none), never in the past, and
 * replaces the adapted interval. The same object when nothing changes.
 */
export function replanned(state: SourceState, before: Source, after: Source, now: number): SourceState {
  const interval = after.intervalSeconds * 1000;
  const newInterval = before.intervalSeconds !== after.intervalSeconds;
  let next = state.nextCheckAt;
  if (!after.enabled) next = null;
  else if (!before.enabled || next === null) next = now + interval;
  else if (newInterval) next = Math.max(now, (state.lastCheckAt ?? now) + interval);
  const current = newInterval ? after.intervalSeconds : state.currentIntervalSeconds;
  if (next === state.nextCheckAt && current === state.currentIntervalSeconds) return state;
  return { ...state, nextCheckAt: next, currentIntervalSeconds: current };
}
