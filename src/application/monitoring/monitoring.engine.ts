import type { Platform } from './monitoring.types';
import type { TenantScope } from './monitoring.store';

/** A planned check, as `next checks` lists it. */
export interface PlannedCheck {
  readonly sourceId: string;
  readonly creatorId: string;
  readonly platform: Platform;
  /** Epoch ms. */
  readonly nextCheckAt: number;
  /** max(0, nextCheckAt − now), in seconds. */
  readonly inSeconds: number;
  readonly intervalSeconds: number;
  readonly priority: number;
}

/** What one check did, as `check now` returns it. */
export interface CheckSummary {
  readonly sourceId: string;
  readonly status: 'ok' | 'not_modified' | 'error';
  readonly errorKind: string | null;
  readonly newItems: number;
  readonly runsStarted: number;
  readonly nextCheckAt: number | null;
}

/** The tenant's monitoring as `status` reports it. */
export interface MonitoringStatus {
  /** Whether this instance's scheduler is running. */
  readonly running: boolean;
  readonly startedAt: number | null;
  readonly sources: {
    readonly total: number;
    readonly enabled: number;
    readonly failing: number;
    readonly stale: number;
  };
  readonly checks: { readonly total: number; readonly errors: number; readonly notModified: number };
  readonly itemsFound: number;
  readonly runsStarted: number;
  /** Items waiting for run capacity. */
  readonly itemsWaiting: number;
}

/**
 * The scheduler that checks sources. The catalog tells it about every change to a source (`sourceChanged`,
 * `sourceRemoved`) so that enable/disable, interval and quiet hours take effect at run time.
 */
export interface MonitoringEngine {
  start(): Promise<{ readonly started: boolean }>;
  stop(): Promise<{ readonly stopped: boolean }>;
  status(scope: TenantScope): Promise<MonitoringStatus>;
  nextChecks(scope: TenantScope, limit: number): Promise<PlannedCheck[]>;
  /** Checks the source now, outside its schedule (also what a WebSub push triggers). */
  checkNow(scope: TenantScope, sourceId: string): Promise<CheckSummary | undefined>;
  sourceChanged(scope: TenantScope, sourceId: string): Promise<void>;
  sourceRemoved(scope: TenantScope, sourceId: string): Promise<void>;
}

export const MONITORING_ENGINE = Symbol('MONITORING_ENGINE');
