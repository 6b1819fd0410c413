import { COMPONENT_TYPES, type ComponentType } from '../../core/ports/feedback.port';
import type { ComponentState, HealthDetails } from './component-health';
import type { FeedbackLifecycle } from './feedback.lifecycle';
import type { FeedbackMetrics } from './feedback.metrics';
import type { FeedbackService } from './feedback.service';

/**
 * `get_metrics` for the caller's tenant. Process-level (the same for every tenant, numbers only): `mode`,
 * `running`, `queueSizes`, `dropped`, `healthChecksPerformed` and `uptimeSeconds`. Everything else is the tenant's.
 */
export interface FeedbackMetricsReport {
  readonly mode: 'in_process' | 'redis';
  readonly running: boolean;
  /** The tenant's accepted submits (duplicates, refusals and disabled components excluded). */
  readonly signalsAccepted: number;
  /** Signals handed to their sink successfully. */
  readonly signalsProcessed: number;
  readonly signalsDeadLettered: number;
  readonly signalsBySource: Readonly<Record<string, number>>;
  readonly signalsByComponent: Readonly<Record<string, number>>;
  /** Process-level: signals of every tenant waiting per type (the queues are shared). */
  readonly queueSizes: Readonly<Record<ComponentType, number>>;
  /** Process-level: signals evicted from a full queue per type. */
  readonly dropped: Readonly<Record<ComponentType, number>>;
  /** Reward EMA per `type/id` (0.9 · old + 0.1 · reward, updated once per accepted signal). */
  readonly averageRewardByComponent: Readonly<Record<string, number>>;
  readonly disabledComponents: readonly string[];
  readonly consolidationsTriggered: number;
  readonly lastConsolidation: number | null;
  readonly healthChecksPerformed: number;
  readonly recentDeadLetters: readonly {
    signalId: string;
    componentType: ComponentType;
    componentId: string;
    error: string;
    failedAt: number;
  }[];
  readonly learning: Readonly<Record<string, unknown>>;
  readonly uptimeSeconds: number;
}

/** `get_health`: the caller's tenant's components only. */
export interface FeedbackHealthReport {
  /** Health score per id, by component type. */
  readonly components: Readonly<Record<ComponentType, Readonly<Record<string, number>>>>;
  readonly disabledComponents: readonly { key: string; state: ComponentState; since: number }[];
  readonly componentHealthDetails: Readonly<Record<string, HealthDetails & { state: ComponentState }>>;
  readonly totalComponents: number;
  /** Mean health score over the components, 1 when there are none. */
  readonly overallHealth: number;
}

function perType<T>(make: (t: ComponentType) => T): Record<ComponentType, T> {
  return Object.fromEntries(COMPONENT_TYPES.map((t) => [t, make(t)])) as Record<ComponentType, T>;
}

/** `get_metrics` / `GET /feedback/metrics` for `tenantId`. */
export function metricsReport(
  hub: FeedbackService,
  lifecycle: FeedbackLifecycle,
  metrics: FeedbackMetrics,
  tenantId: string,
): FeedbackMetricsReport {
  const tenant = hub.view(tenantId);
  const report = tenant.health.report();
  return {
    mode: hub.queues.durable ? 'redis' : 'in_process',
    running: lifecycle.running,
    signalsAccepted: tenant.counts.accepted,
    signalsProcessed: tenant.counts.processed,
    signalsDeadLettered: tenant.counts.deadLettered,
    signalsBySource: { ...tenant.counts.bySource },
    signalsByComponent: { ...tenant.counts.byComponent },
    queueSizes: perType((t) => hub.queues.size(t)),
    dropped: perType((t) => metrics.droppedCount(t)),
    averageRewardByComponent: Object.fromEntries(report.map((r) => [r.key, r.ema])),
    disabledComponents: tenant.health.disabled().map((d) => d.key),
    consolidationsTriggered: tenant.consolidations,
    lastConsolidation: tenant.lastConsolidation,
    healthChecksPerformed: lifecycle.healthChecks,
    recentDeadLetters: tenant.recentDeadLetters().map((d) => ({
      signalId: d.signal.signalId,
      componentType: d.signal.componentType,
      componentId: d.signal.componentId,
      error: d.error,
      failedAt: d.failedAt,
    })),
    learning: {
      tools: tenant.learning.tools.snapshot(),
      agents: tenant.learning.agents.snapshot(),
      prompts: tenant.learning.prompts.snapshot(),
      thresholds: tenant.learning.thresholds.snapshot(),
      ragChunksTracked: tenant.learning.rag.size,
    },
    uptimeSeconds: (hub.now() - hub.startedAt) / 1000,
  };
}

/** `get_health` / `GET /feedback/health` for `tenantId`. */
export function healthReport(hub: FeedbackService, tenantId: string): FeedbackHealthReport {
  const health = hub.view(tenantId).health;
  const report = health.report();
  const components = perType<Record<string, number>>(() => ({}));
  const details: Record<string, HealthDetails & { state: ComponentState }> = {};
  let sum = 0;
  for (const r of report) {
    components[r.type][r.id] = r.health.healthScore;
    details[r.key] = { ...r.health, state: r.state };
    sum += r.health.healthScore;
  }
  return {
    components,
    disabledComponents: health.disabled(),
    componentHealthDetails: details,
    totalComponents: report.length,
    overallHealth: report.length === 0 ? 1 : sum / report.length,
  };
}

/**
 * The orchestrator's own health (process-level, for `/health`): the mean health over every tenant's components
 * and how many are disabled, numbers only.
 */
export function processHealth(hub: FeedbackService): { overallHealth: number; disabledComponents: number } {
  let sum = 0;
  let n = 0;
  let disabled = 0;
  for (const tenant of hub.allTenants()) {
    for (const r of tenant.health.report()) {
      sum += r.health.healthScore;
      n++;
      if (r.state !== 'enabled') disabled++;
    }
  }
  return { overallHealth: n === 0 ? 1 : sum / n, disabledComponents: disabled };
}
