import { COMPONENT_TYPES, FEEDBACK_SOURCES, type FeedbackSignal } from '../../core/ports/feedback.port';
import type { DeadLetter } from './feedback.events';
import type { LearningSnapshot } from './feedback-sinks';
import type { ComponentHealthSnapshot } from './health-snapshot';
import type { RecentIdsSnapshot } from './recent-ids';
import { SnapshotFieldError } from './snapshot-field.error';
import { arrayAt, countAt, numberAt, objectAt, oneOfAt, stringAt } from './snapshot-fields';

/** A tenant's signal counts. */
export interface TenantCounts {
  accepted: number;
  processed: number;
  deadLettered: number;
  /** By source, every source listed. */
  readonly bySource: Record<string, number>;
  /** By component type, every type listed. */
  readonly byComponent: Record<string, number>;
}

/** RAG rewards accepted since the tenant's last consolidation. */
export interface RagSinceConsolidation {
  sum: number;
  count: number;
}

/** The counters, consolidations and dead letters of a {@link TenantFeedbackSnapshot}. */
export interface TenantRecords {
  readonly counts: TenantCounts;
  readonly ragSinceConsolidation: RagSinceConsolidation;
  readonly consolidations: number;
  readonly lastConsolidation: number | null;
  /** Oldest first. */
  readonly deadLetters: readonly DeadLetter[];
}

/** Everything {@link TenantFeedback} keeps about one tenant, as JSON (the tenant id is not part of it). */
export interface TenantFeedbackSnapshot extends TenantRecords {
  readonly seen: RecentIdsSnapshot;
  readonly health: ComponentHealthSnapshot;
  readonly learning: LearningSnapshot;
}

/** Checks the counters, consolidations and dead letters of a tenant snapshot; every dead letter must be `tenantId`'s. */
export function readTenantRecords(s: Record<string, unknown>, tenantId: string): TenantRecords {
  const rag = objectAt(s.ragSinceConsolidation, 'ragSinceConsolidation');
  return {
    counts: readCounts(s.counts),
    ragSinceConsolidation: {
      sum: numberAt(rag.sum, 'ragSinceConsolidation.sum'),
      count: countAt(rag.count, 'ragSinceConsolidation.count'),
    },
    consolidations: countAt(s.consolidations, 'consolidations'),
    lastConsolidation: s.lastConsolidation === null ? null : numberAt(s.lastConsolidation, 'lastConsolidation'),
    deadLetters: arrayAt(s.deadLetters, 'deadLetters').map((d, i) => readDeadLetter(d, `deadLetters[${i}]`, tenantId)),
  };
}

function readCounts(v: unknown): TenantCounts {
  const c = objectAt(v, 'counts');
  const bySource = objectAt(c.bySource, 'counts.bySource');
  const byComponent = objectAt(c.byComponent, 'counts.byComponent');
  return {
    accepted: countAt(c.accepted, 'counts.accepted'),
    processed: countAt(c.processed, 'counts.processed'),
    deadLettered: countAt(c.deadLettered, 'counts.deadLettered'),
    bySource: Object.fromEntries(FEEDBACK_SOURCES.map((k) => [k, countAt(bySource[k], `counts.bySource.${k}`)])),
    byComponent: Object.fromEntries(
      COMPONENT_TYPES.map((k) => [k, countAt(byComponent[k], `counts.byComponent.${k}`)]),
    ),
  };
}

function readDeadLetter(v: unknown, field: string, tenantId: string): DeadLetter {
  const d = objectAt(v, field);
  const s = objectAt(d.signal, `${field}.signal`);
  const at = (key: string) => `${field}.signal.${key}`;
  if (s.tenantId !== tenantId)
    throw new SnapshotFieldError(at('tenantId'), `must be this tenant's id, got another tenant's or none`);
  const signal: FeedbackSignal = {
    signalId: stringAt(s.signalId, at('signalId')),
    tenantId,
    source: oneOfAt(s.source, FEEDBACK_SOURCES, at('source')),
    componentType: oneOfAt(s.componentType, COMPONENT_TYPES, at('componentType')),
    componentId: stringAt(s.componentId, at('componentId')),
    reward: numberAt(s.reward, at('reward')),
    confidence: numberAt(s.confidence, at('confidence')),
    context: objectAt(s.context, at('context')),
    metadata: objectAt(s.metadata, at('metadata')),
    timestamp: numberAt(s.timestamp, at('timestamp')),
  };
  return { signal, error: stringAt(d.error, `${field}.error`), failedAt: numberAt(d.failedAt, `${field}.failedAt`) };
}
