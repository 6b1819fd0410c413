import type { Applied } from './durable/feedback-durability';
import type { ActionEntry } from './durable/feedback-journal';
import type { FeedbackEvents } from './feedback.events';
import type { TenantFeedbackRegistry } from './tenant-feedback';

/**
 * What a logged action does to a tenant's state (durable mode: live, on every instance that applies the log, and
 * again on recovery). A clear re-enables its component when it is disabled or on probation; a consolidation resets
 * the RAG counters since the last run, counts the run, and forgets the chunks it pruned from the tracker.
 */
export function applyAction(
  entry: ActionEntry,
  live: boolean,
  tenants: TenantFeedbackRegistry,
  events: FeedbackEvents,
): Applied {
  const a = entry.action;
  const tenant = tenants.tenant(a.tenantId);
  if (entry.kind === 'clear') {
    const t = tenant.health.clear(entry.action.componentType, entry.action.componentId, a.at);
    if (t && live) events.transitioned(tenant.tag(t));
    return { kind: 'cleared', cleared: t !== undefined };
  }
  const pruned = entry.action.forget.filter((chunk) => tenant.learning.rag.remove([chunk]) === 1);
  tenant.consolidations++;
  tenant.lastConsolidation = a.at;
  tenant.ragSinceConsolidation.sum = 0;
  tenant.ragSinceConsolidation.count = 0;
  return { kind: 'consolidated', pruned };
}
