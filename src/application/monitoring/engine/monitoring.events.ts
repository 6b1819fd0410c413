import type { CheckErrorKind, Platform } from '../monitoring.types';

/** Event names (EventEmitter2) of the monitoring engine; payloads below, each naming its tenant. */
export const MonitoringEvents = {
  CheckCompleted: 'monitoring.check_completed',
  CheckFailed: 'monitoring.check_failed',
  ItemNew: 'monitoring.item_new',
  RunStarted: 'monitoring.run_started',
} as const;

/** What every monitoring event says about its source. */
export interface SourceEventBase {
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly sourceId: string;
  readonly creatorId: string;
  readonly platform: Platform;
  readonly at: number;
}

/** A check that gave the feed (`ok`) or found it unchanged (`not_modified`). */
export interface CheckCompletedEvent extends SourceEventBase {
  readonly status: 'ok' | 'not_modified';
  readonly newItems: number;
  readonly durationMs: number;
}

/** A check that failed; `consecutiveErrors` counts this one. */
export interface CheckFailedEvent extends SourceEventBase {
  readonly kind: CheckErrorKind;
  readonly message: string;
  readonly httpStatus: number | null;
  readonly consecutiveErrors: number;
  readonly backoffUntil: number | null;
}

/** An item seen for the first time on its source. */
export interface ItemNewEvent extends SourceEventBase {
  readonly itemId: string;
  readonly url: string;
  readonly title: string | null;
  readonly publishedAt: number | null;
}

/** A content run started for an item. */
export interface RunStartedEvent extends SourceEventBase {
  readonly itemId: string;
  readonly url: string;
  readonly runId: string;
}

export interface MonitoringEventMap {
  [MonitoringEvents.CheckCompleted]: CheckCompletedEvent;
  [MonitoringEvents.CheckFailed]: CheckFailedEvent;
  [MonitoringEvents.ItemNew]: ItemNewEvent;
  [MonitoringEvents.RunStarted]: RunStartedEvent;
}

/** Where the engine sends its events (EventEmitter2 in the app; a list in tests). */
export interface MonitoringEventSink {
  emit<K extends keyof MonitoringEventMap>(name: K, payload: MonitoringEventMap[K]): void;
}
