import type { AlertSinkPort, RaisedAlert } from '../../../core/ports/alert-sink.port';
import type { Clock } from '../../../core/runtime/clock';
import type { MonitoringStore, TenantScope } from '../monitoring.store';
import type { Source } from '../monitoring.types';
import {
  alertKey,
  errorWindowStart,
  failingAlert,
  learnCadence,
  overdueAlert,
  staleAlert,
  type AlertThresholds,
} from './alert-rules';

/** Posts per source read to learn a creator's rhythm. */
const POSTS_PER_SOURCE = 50;
/** Enabled sources looked at by one sweep. */
const SWEEP_LIMIT = 100_000;

/** What one evaluation left active. */
export interface AlertEvaluation {
  readonly raised: readonly string[];
  readonly cleared: readonly string[];
  readonly active: readonly string[];
}

/**
 * Turns the stored checks and items into the three monitoring alerts (failing checks, a stale source, a creator past
 * their usual posting window) on the telemetry alert path, and resolves each one when its condition clears. The
 * conditions are read from the store, so every instance reaches the same alerts; the sweep also clears the alerts
 * of sources that were disabled or removed.
 */
export class MonitoringAlerts {
  constructor(
    private readonly store: MonitoringStore,
    private readonly sink: () => AlertSinkPort | undefined,
    private readonly clock: Clock,
    private readonly thresholds: AlertThresholds,
  ) {}

  /** Re-evaluates one source's failing and stale conditions (after a check, or when it changed). */
  async evaluateSource(scope: TenantScope, sourceId: string): Promise<AlertEvaluation> {
    const source = await this.store.getSource(scope, sourceId);
    const desired = source ? await this.sourceAlerts(source) : [];
    return this.reconcile(alertKey.ofSource(scope.tenantId, sourceId), desired);
  }

  /** Re-evaluates whether a creator is past their usual posting window. */
  async evaluateCreator(scope: TenantScope, creatorId: string): Promise<AlertEvaluation> {
    const alert = await this.creatorAlert(scope, creatorId);
    return this.reconcile([alertKey.overdue(scope.tenantId, creatorId)], alert ? [alert] : []);
  }

  /**
   * Evaluates every enabled source and their creators, and clears monitoring alerts left over from sources or
   * creators no longer watched.
   */
  async sweep(): Promise<AlertEvaluation> {
    const due = await this.store.dueSources(Number.MAX_SAFE_INTEGER, SWEEP_LIMIT);
    const desired: RaisedAlert[] = [];
    const creators = new Map<string, TenantScope & { creatorId: string }>();
    for (const { source } of due) {
      desired.push(...(await this.sourceAlerts(source)));
      const scope = { tenantId: source.tenantId, workspaceId: source.workspaceId, creatorId: source.creatorId };
      creators.set(`${source.tenantId}\u0000${source.creatorId}`, scope);
    }
    for (const scope of creators.values()) {
      const alert = await this.creatorAlert(scope, scope.creatorId);
      if (alert) desired.push(alert);
    }
    const sink = this.sink();
    return this.reconcile(sink ? sink.activeKeys('monitoring:') : [], desired);
  }

  private async sourceAlerts(source: Source): Promise<RaisedAlert[]> {
    if (!source.enabled) return [];
    const state = await this.store.getState(source, source.id);
    if (!state) return [];
    const now = this.clock.now();
    const checks = await this.store.checksSince(source, source.id, errorWindowStart(state, now, this.thresholds));
    const failing = failingAlert(source, checks, this.thresholds);
    const stale = staleAlert(source, state, now, this.thresholds);
    return [failing, stale].filter((a): a is RaisedAlert => a !== null);
  }

  private async creatorAlert(scope: TenantScope, creatorId: string): Promise<RaisedAlert | null> {
    const creator = await this.store.getCreator(scope, creatorId);
    if (!creator) return null;
    const sources = (await this.store.listSources(scope, creatorId)).filter((s) => s.enabled);
    const times: number[] = [];
    for (const source of sources) {
      for (const item of await this.store.recentItems(scope, source.id, POSTS_PER_SOURCE)) {
        if (item.publishedAt !== null) times.push(item.publishedAt);
      }
    }
    return overdueAlert(creator, learnCadence(times, this.thresholds), this.clock.now(), this.thresholds);
  }

  /** Raises every desired alert and clears the keys in `scope` that are not desired any more. */
  private reconcile(scope: readonly string[], desired: readonly RaisedAlert[]): AlertEvaluation {
    const sink = this.sink();
    if (!sink) return { raised: [], cleared: [], active: [] };
    const raised = desired.filter((a) => sink.raise(a)).map((a) => a.key);
    const wanted = new Set(desired.map((a) => a.key));
    const cleared = scope.filter((key) => !wanted.has(key) && sink.clear(key));
    return { raised, cleared, active: [...wanted] };
  }
}
