import type { OrchestrationContext } from '../../core/context/orchestration-context';
import {
  COMPONENT_TYPES,
  FeedbackSource,
  type ComponentType,
  type FeedbackSignal,
  type SubmitReceipt,
} from '../../core/ports/feedback.port';
import { fail, ok, skip, type StepResult } from '../../core/result/step-result';
import type { Clock } from '../../core/runtime/clock';
import type { IdGenerator } from '../../core/runtime/id-generator';
import { FeedbackEvent, type FeedbackEvents } from './feedback.events';
import type { FeedbackMetrics } from './feedback.metrics';
import type { FeedbackDurability, Applied } from './durable/feedback-durability';
import type { SignalEntry } from './durable/feedback-journal';
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
 *
 * Durable (with {@link durability}): the signal is stored first and answered after, and everything it does to the
 * state happens in {@link apply}, in log order, so that recovery can redo it. De-duplication is the log's unique
 * key (across restarts); a full queue refuses the newest signal (429) instead of dropping the oldest, because an
 * acknowledged signal must reach its sink.
 *
 * Durable and shared (scale-out, {@link shared}): a signal whose sink is part of the replicated state (the default
 * learners) is not queued; every instance hands it to that sink when it applies the entry. Any other signal goes
 * to the shared job queue before it is stored (its job id is the signal's tenant and id, so a retry is not queued
 * twice), which delivers it once across the instances.
 */
export class SignalIntake {
  /** Durable mode: signals on their way into the log, per type, counted against the queue's capacity. */
  private readonly reserved = Object.fromEntries(COMPONENT_TYPES.map((t) => [t, 0])) as Record<ComponentType, number>;
  durability?: FeedbackDurability;
  /** Shared mode: says whether a type's signals are applied to the replicated state, and applies one. */
  shared?: { replicated(type: ComponentType): boolean; deliver(signal: FeedbackSignal): void };

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
    if (this.durability) return this.acceptDurably(ctx, v, this.durability);
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

  private async acceptDurably(
    ctx: OrchestrationContext,
    v: ValidSignal,
    durability: FeedbackDurability,
  ): Promise<StepResult<SubmitReceipt>> {
    const type = v.componentType;
    const disabled = this.tenants.view(ctx.tenantId).health.state(type, v.componentId) === 'disabled';
    const queued = !disabled && !this.shared?.replicated(type);
    if (queued && this.queues.size(type) + this.reserved[type] >= this.queueCapacity)
      return this.refuse(v.source, type);
    const signal = stamp(v, v.signalId ?? this.ids.uuid(), ctx.tenantId, this.clock.now());
    if (queued && this.queues.durable) {
      // Queued first: a crash between the two leaves a job for a signal not acknowledged, which its retry finds.
      const enqueued = await this.queues.enqueue(signal);
      if (enqueued.full) return this.refuse(v.source, type);
    }
    if (queued) this.reserved[type]++;
    let journaled;
    try {
      journaled = await durability.submit({ kind: disabled ? 'shadow' : 'signal', signal });
    } catch (e) {
      return fail('unavailable', `the feedback log could not store the signal: ${(e as Error).message}`);
    } finally {
      if (queued) this.reserved[type]--;
    }
    if (journaled.kind === 'duplicate') {
      this.metrics.submittedCell(v.source, type, 'duplicate').value++;
      return ok(receipt(signal.signalId, type, 'duplicate', this.queues.size(type)));
    }
    if (journaled.kind === 'shadow') return skip('component_disabled');
    return ok(receipt(signal.signalId, type, 'queued', journaled.kind === 'queued' ? journaled.size : 0));
  }

  private refuse(source: FeedbackSource, type: ComponentType): StepResult<SubmitReceipt> {
    this.metrics.submittedCell(source, type, 'refused').value++;
    return fail('rate_limited', `the ${type} feedback queue is full (${this.queueCapacity} signals)`, {
      retryable: true,
    });
  }

  /**
   * What a stored entry does to the state (durable mode; live, and again on recovery): a shadow reward goes to its
   * disabled component's shadow window; a signal is queued, recorded in its component's health and counted.
   */
  apply(entry: SignalEntry, live: boolean): Applied {
    const s = entry.signal;
    const tenant = this.tenants.tenant(s.tenantId);
    const type = s.componentType;
    if (entry.kind === 'shadow') {
      const reenabled = tenant.health.record(type, s.componentId, s.reward, s.timestamp);
      if (live) {
        if (reenabled) this.events.transitioned(tenant.tag(reenabled));
        this.metrics.submittedCell(s.source, type, 'disabled').value++;
      }
      return { kind: 'shadow' };
    }
    if (!this.shared) (this.queues as InProcessQueues).enqueue(s);
    else if (this.shared.replicated(type)) this.shared.deliver(s);
    tenant.health.record(type, s.componentId, s.reward, s.timestamp);
    tenant.counts.accepted++;
    tenant.counts.bySource[s.source]++;
    tenant.counts.byComponent[type]++;
    if (s.source === FeedbackSource.RagRetrieval) {
      tenant.ragSinceConsolidation.sum += s.reward;
      tenant.ragSinceConsolidation.count++;
    }
    if (live) {
      this.metrics.submittedCell(s.source, type, 'accepted').value++;
      this.events.emitIfListened(FeedbackEvent.Queued, s);
    }
    return { kind: 'queued', size: this.queues.size(type) };
  }
}
