import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { FeedbackSource, type ComponentType, type SubmitReceipt } from '../../core/ports/feedback.port';
import { fail, ok, skip, type StepResult } from '../../core/result/step-result';
import type { Clock } from '../../core/runtime/clock';
import type { IdGenerator } from '../../core/runtime/id-generator';
import { FeedbackEvent, type FeedbackEvents } from './feedback.events';
import type { FeedbackMetrics } from './feedback.metrics';
import { stamp, type Checked, type ValidSignal } from './signal-validation';
import type { DurableQueues, InProcessQueues } from './signal-queues';
import type { TenantFeedbackRegistry } from './tenant-feedback';

/** What a submit answers: the signal queued now, or already accepted before (a retry). */
function receipt(signalId: string, componentType: ComponentType, outcome: 'queued' | 'duplicate', queueSize: number) {
  const queued = outcome === 'queued';
  return { signalId, componentType, queued, duplicate: !queued, queueSize } satisfies SubmitReceipt;
}

/**
 * The hub's inbound half: a validated signal is de-duplicated against its tenant's recent ids, refused while its
 * component is disabled (the reward still counts towards re-enabling it), queued, and counted for its tenant.
 */
export class SignalIntake {
  constructor(
    private readonly tenants: TenantFeedbackRegistry,
    private readonly queues: InProcessQueues | DurableQueues,
    private readonly metrics: FeedbackMetrics,
    private readonly events: FeedbackEvents,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly queueCapacity: number,
  ) {}

  async accept(ctx: OrchestrationContext, checked: Checked<ValidSignal>): Promise<StepResult<SubmitReceipt>> {
    if (!checked.ok) return fail('validation', checked.message);
    const v = checked.value;
    const type = v.componentType;
    const tenant = this.tenants.tenant(ctx.tenantId);
    if (v.signalId !== undefined && tenant.seen.has(v.signalId)) {
      this.metrics.submittedCell(v.source, type, 'duplicate').value++;
      return ok(receipt(v.signalId, type, 'duplicate', this.queues.size(type)));
    }
    const now = this.clock.now();
    if (tenant.health.state(type, v.componentId) === 'disabled') {
      const reenabled = tenant.health.record(type, v.componentId, v.reward, now);
      if (reenabled) this.events.transitioned(tenant.tag(reenabled));
      this.metrics.submittedCell(v.source, type, 'disabled').value++;
      return skip('component_disabled');
    }
    const signal = stamp(v, v.signalId ?? this.ids.uuid(), ctx.tenantId, now);
    const enqueued = this.queues.durable ? await this.queues.enqueue(signal) : this.queues.enqueue(signal);
    if (enqueued.full) {
      this.metrics.submittedCell(v.source, type, 'refused').value++;
      return fail('rate_limited', `the ${type} feedback queue is full (${this.queueCapacity} signals)`, {
        retryable: true,
      });
    }
    // Only ids the caller chose can come back (a retry); a generated one is new by construction.
    if (v.signalId !== undefined) tenant.seen.remember(v.signalId);
    if (enqueued.duplicate) {
      this.metrics.submittedCell(v.source, type, 'duplicate').value++;
      return ok(receipt(signal.signalId, type, 'duplicate', enqueued.size));
    }
    if (enqueued.dropped) this.metrics.dropped(type);
    tenant.health.record(type, v.componentId, v.reward, now);
    this.metrics.submittedCell(v.source, type, 'accepted').value++;
    tenant.counts.accepted++;
    tenant.counts.bySource[v.source]++;
    tenant.counts.byComponent[type]++;
    if (v.source === FeedbackSource.RagRetrieval) {
      tenant.ragSinceConsolidation.sum += v.reward;
      tenant.ragSinceConsolidation.count++;
    }
    this.events.emitIfListened(FeedbackEvent.Queued, signal);
    return ok(receipt(signal.signalId, type, 'queued', enqueued.size));
  }
}
