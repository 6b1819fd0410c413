import { COMPONENT_TYPES, type ComponentType } from '../../core/ports/feedback.port';
import type { ComponentState, HealthDetails } from './component-health';
import type { FeedbackLifecycle } from './feedback.lifecycle';
import type { FeedbackMetrics } from './feedback.metrics';
import type { FeedbackService } from './feedback.service';

export interface FeedbackMetricsReport {
  readonly mode: 'in_process' | 'redis';
  readonly running: boolean;
  /** Accepted submits (duplicates, refusals and disabled components excluded). */
  readonly signalsAccepted: number;
  /** Signals handed to their sink successfully. */
  readonly signalsProcessed: number;
  readonly signalsDeadLettered: number;
  readonly signalsBySource: Readonly<Record<string, number>>;
  readonly signalsByComponent: Readonly<Record<string, number>>;
  readonly queueSizes: Readonly<Record<ComponentType, number>>;
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

/** `get_metrics` / `GET /feedback/metrics`. */
export function metricsReport(
  hub: FeedbackService,
  lifecycle: FeedbackLifecycle,
  metrics: FeedbackMetrics,
): FeedbackMetricsReport {
  const report = hub.health.report();
  return {
    mode: hub.queues.durable ? 'redis' : 'in_process',
    running: lifecycle.running,
    signalsAccepted: hub.counts.accepted,
    signalsProcessed: hub.counts.processed,
    signalsDeadLettered: hub.counts.deadLettered,
    signalsBySource: { ...hub.counts.bySource },
    signalsByComponent: { ...hub.counts.byComponent },
    queueSizes: perType((t) => hub.queues.size(t)),
    dropped: perType((t) => metrics.droppedCount(t)),
    averageRewardByComponent: Object.fromEntries(report.map((r) => [r.key, r.ema])),
    disabledComponents: hub.health.disabled().map((d) => d.key),
    consolidationsTriggered: lifecycle.consolidations,
    lastConsolidation: lifecycle.lastConsolidation,
    healthChecksPerformed: lifecycle.healthChecks,
    recentDeadLetters: hub.recentDeadLetters().map((d) => ({
      signalId: d.signal.signalId,
      componentType: d.signal.componentType,
      componentId: d.signal.componentId,
      error: d.error,
      failedAt: d.failedAt,
    })),
    learning: {
      tools: hub.learning.tools.snapshot(),
      agents: hub.learning.agents.snapshot(),
      prompts: hub.learning.prompts.snapshot(),
      thresholds: hub.learning.thresholds.snapshot(),
      ragChunksTracked: hub.learning.rag.size,
    },
    uptimeSeconds: (hub.now() - hub.startedAt) / 1000,
  };
}

/** `get_health` / `GET /feedback/health`. */
export function healthReport(hub: FeedbackService): FeedbackHealthReport {
  const report = hub.health.report();
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
    disabledComponents: hub.health.disabled(),
    componentHealthDetails: details,
    totalComponents: report.length,
    overallHealth: report.length === 0 ? 1 : sum / report.length,
  };
}
