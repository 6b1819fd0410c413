import type { Clock } from '../../../core/runtime/clock';
import type { MonitoringStore } from '../monitoring.store';
import type {
  CheckErrorKind,
  CheckOutcome,
  FeedWatcher,
  Platform,
  SeenItem,
  Source,
  SourceState,
} from '../monitoring.types';
import { adaptedIntervalSeconds } from './adaptive-interval';
import { looksEmptied } from './emptied-feed';
import { MonitoringEvents, type MonitoringEventSink } from './monitoring.events';
import type { MonitoringMetrics } from './monitoring.metrics';
import type { RunStarter } from './run-starter';
import type { TenantCounters } from './tenant-counters';

/** Recorded items the adapted interval is computed from. */
export const ADAPTIVE_SAMPLE = 20;

export interface SourceCheckDeps {
  readonly store: MonitoringStore;
  readonly watcherFor: (platform: Platform) => FeedWatcher | undefined;
  readonly runs: RunStarter;
  readonly events: MonitoringEventSink;
  readonly metrics: MonitoringMetrics;
  readonly counters: TenantCounters;
  readonly clock: Clock;
  /** Adapt the interval to the posting rate. */
  readonly adaptive: boolean;
  /**
   * After a successful fetch: keeps the source's WebSub subscription in step with the hub the feed names (subscribe,
   * renew, move to a new hub); returns the state to keep. Without it the subscription state is left as it was.
   */
  readonly websub?: (
    source: Source,
    state: SourceState,
    hub: { hubUrl: string; topicUrl: string } | null,
  ) => Promise<SourceState>;
}

/** What one check did, with the source's state after it (already saved). */
export interface CheckDone {
  readonly status: CheckOutcome['status'];
  readonly errorKind: CheckErrorKind | null;
  readonly newItems: number;
  readonly runsStarted: number;
  readonly state: SourceState;
}

type Failure = Extract<CheckOutcome, { status: 'error' }>;

/**
 * One check of one source: fetch through the platform's watcher with the stored validators, then
 * - `not_modified`: a success; validators and items kept;
 * - `ok`: an emptied-looking feed is the error `emptied` (validators and items kept); otherwise the items not seen
 *   before are recorded, the validators replaced, and a content run asked for each new item;
 * - `error`: recorded with the previous validators and items kept; a Retry-After sets `backoffUntil`.
 * Every check is appended to the source's history.
 */
export class SourceCheck {
  constructor(private readonly deps: SourceCheckDeps) {}

  async run(source: Source, state: SourceState, signal: AbortSignal): Promise<CheckDone> {
    const { clock, store } = this.deps;
    const at = clock.now();
    const began = clock.monotonic();
    let outcome = await this.fetch(source, state, signal);
    let fresh: SeenItem[] = [];
    let next: SourceState;
    if (outcome.status === 'ok' && (await looksEmptied(store, source, source.id, outcome.items))) {
      const listed = outcome.items.length;
      outcome = failure('emptied', `the feed lists ${listed} entries and none of those seen before`, outcome);
    }
    switch (outcome.status) {
      case 'not_modified':
        next = succeeded(state, at);
        break;
      case 'ok':
        fresh = await store.recordItems(source, source.id, outcome.items, at);
        next = { ...succeeded(state, at), validators: outcome.validators };
        if (this.deps.websub) next = await this.deps.websub(source, next, outcome.hub);
        if (this.deps.adaptive) next = { ...next, currentIntervalSeconds: await this.adaptedInterval(source) };
        break;
      case 'error':
        next = {
          ...state,
          lastCheckAt: at,
          lastError: { kind: outcome.kind, message: outcome.message, at },
          consecutiveErrors: state.consecutiveErrors + 1,
          backoffUntil: outcome.retryAfterMs !== null ? at + outcome.retryAfterMs : state.backoffUntil,
        };
        break;
    }
    const durationMs = clock.monotonic() - began;
    await store.saveState(next);
    await store.appendCheck({
      tenantId: source.tenantId,
      sourceId: source.id,
      at,
      status: outcome.status,
      errorKind: outcome.status === 'error' ? outcome.kind : null,
      httpStatus: outcome.httpStatus,
      bytes: outcome.bytes,
      newItems: fresh.length,
      durationMs,
    });
    this.report(source, outcome, next, at, durationMs, fresh.length);
    const runsStarted = await this.startRuns(source, fresh, at);
    return {
      status: outcome.status,
      errorKind: outcome.status === 'error' ? outcome.kind : null,
      newItems: fresh.length,
      runsStarted,
      state: next,
    };
  }

  private async fetch(source: Source, state: SourceState, signal: AbortSignal): Promise<CheckOutcome> {
    const watcher = this.deps.watcherFor(source.platform);
    if (!watcher) return failure('unsupported', `no watcher is installed for platform ${source.platform}`);
    try {
      return await watcher.check(source, state.validators, signal);
    } catch (e) {
      // Watchers do not throw; one that does is reported like a network failure, and the schedule lives on.
      return failure('unreachable', e instanceof Error ? e.message : String(e));
    }
  }

  private async adaptedInterval(source: Source): Promise<number> {
    const recent = await this.deps.store.recentItems(source, source.id, ADAPTIVE_SAMPLE);
    return adaptedIntervalSeconds(
      recent.map((i) => i.publishedAt),
      source,
    );
  }

  private report(
    source: Source,
    outcome: CheckOutcome,
    state: SourceState,
    at: number,
    durationMs: number,
    newItems: number,
  ): void {
    const { metrics, events, counters } = this.deps;
    const base = {
      tenantId: source.tenantId,
      workspaceId: source.workspaceId,
      sourceId: source.id,
      creatorId: source.creatorId,
      platform: source.platform,
      at,
    };
    const counts = counters.of(source.tenantId);
    counts.checks++;
    metrics.checked(source.platform, outcome.status, at, durationMs, {
      listed: outcome.status === 'ok' ? outcome.items.length : 0,
      errorKind: outcome.status === 'error' ? outcome.kind : null,
    });
    if (outcome.status === 'error') {
      counts.errors++;
      events.emit(MonitoringEvents.CheckFailed, {
        ...base,
        kind: outcome.kind,
        message: outcome.message,
        httpStatus: outcome.httpStatus,
        consecutiveErrors: state.consecutiveErrors,
        backoffUntil: state.backoffUntil,
      });
      return;
    }
    if (outcome.status === 'not_modified') counts.notModified++;
    counts.itemsFound += newItems;
    metrics.itemsFound(source.platform, newItems);
    events.emit(MonitoringEvents.CheckCompleted, { ...base, status: outcome.status, newItems, durationMs });
  }

  private async startRuns(source: Source, fresh: readonly SeenItem[], at: number): Promise<number> {
    let started = 0;
    for (const item of fresh) {
      this.deps.events.emit(MonitoringEvents.ItemNew, {
        tenantId: source.tenantId,
        workspaceId: source.workspaceId,
        sourceId: source.id,
        creatorId: source.creatorId,
        platform: source.platform,
        at,
        itemId: item.id,
        url: item.url,
        title: item.title,
        publishedAt: item.publishedAt,
      });
    }
    for (const item of fresh) if ((await this.deps.runs.startFor(source, item)) === 'started') started++;
    return started;
  }
}

function succeeded(state: SourceState, at: number): SourceState {
  return { ...state, lastCheckAt: at, lastSuccessAt: at, lastError: null, consecutiveErrors: 0, backoffUntil: null };
}

function failure(kind: CheckErrorKind, message: string, from?: { httpStatus: number; bytes: number }): Failure {
  return {
    status: 'error',
    kind,
    message,
    httpStatus: from?.httpStatus ?? null,
    retryAfterMs: null,
    bytes: from?.bytes ?? 0,
  };
}
