import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../core/config/app-config';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { lazyPort, type LazyPort } from '../../core/lazy/lazy-port';
import { BANDITS, type BanditsPort } from '../../core/ports/bandits.port';
import {
  type AgentFeedbackInput,
  type ComponentType,
  type FeedbackPort,
  type FeedbackSignal,
  type FeedbackSignalInput,
  type RagFeedbackInput,
  type SubmitReceipt,
  type ToolFeedbackInput,
  type TrajectoryReceipt,
} from '../../core/ports/feedback.port';
import { JOB_QUEUE, type JobQueue } from '../../core/ports/job-queue.port';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import { FeedbackConfig } from './feedback.config';
import { FeedbackEvents } from './feedback.events';
import { FeedbackMetrics } from './feedback.metrics';
import { BanditModelSink, type FeedbackSink } from './feedback-sinks';
import {
  agentSignal,
  isSpooledSignal,
  ragSignal,
  toolSignal,
  validateSignal,
  type Checked,
  type ValidSignal,
} from './signal-validation';
import { durabilityOptions, FeedbackDurability } from './durable/feedback-durability';
import { FeedbackJournal, isSignalEntry } from './durable/feedback-journal';
import { applyAction } from './feedback-actions';
import { SignalDelivery } from './signal-delivery';
import { SignalIntake } from './signal-intake';
import { DurableQueues, InProcessQueues } from './signal-queues';
import { TenantFeedback, TenantFeedbackRegistry, type TenantTransition } from './tenant-feedback';
import { trajectorySubmission } from './trajectory-submission';

/** The learning types whose default sinks keep per-tenant state in the hub. */
const LEARNING_TYPES = ['tool', 'agent', 'prompt', 'threshold', 'memory'] as const;

/**
 * The feedback hub: validates and dedupes reward signals, queues them per component type (in process, or on
 * the job queue with Redis), keeps each component's health and auto-disables bad ones, and hands drained
 * signals to the sink of their type. Also the `FEEDBACK` port. Background jobs and shutdown live in
 * {@link FeedbackLifecycle}, which also runs consolidation.
 *
 * Tenancy: dedupe, health, auto-disable, counts, learning state and dead letters are kept per tenant (the
 * context's on submit, the signal's on delivery; see {@link TenantFeedback}). The queues are the process's, shared
 * by every tenant: each signal in them carries its tenant, and only their depth is reported.
 */
@Injectable()
export class FeedbackService implements FeedbackPort {
  private readonly logger = new Logger('FeedbackService');
  private readonly events: FeedbackEvents;
  readonly queues: InProcessQueues | DurableQueues;
  private readonly tenants: TenantFeedbackRegistry;
  private readonly sinks: Record<ComponentType, FeedbackSink>;
  private readonly bandits: LazyPort<BanditsPort>;
  private readonly delivery: SignalDelivery;
  private readonly intake: SignalIntake;
  /** Set when acknowledged signals are stored first and the state is recoverable (`persistence.durability`). */
  readonly durability?: FeedbackDurability;
  readonly startedAt: number;

  constructor(
    private readonly config: FeedbackConfig,
    { persistence }: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(JOB_QUEUE) jobQueue: JobQueue,
    events: EventEmitter2,
    private readonly metrics: FeedbackMetrics,
    moduleRef: ModuleRef,
    @Optional() journal?: FeedbackJournal,
  ) {
    this.events = new FeedbackEvents(events, this.logger);
    this.queues = persistence.redisUrl
      ? new DurableQueues(jobQueue, config.queueCapacity, clock, this.logger)
      : new InProcessQueues(config.queueCapacity);
    this.tenants = new TenantFeedbackRegistry(config);
    this.bandits = lazyPort(moduleRef, BANDITS);
    const sinks: Partial<Record<ComponentType, FeedbackSink>> = { model: new BanditModelSink(this.bandits) };
    // The default learners route each signal to the learning state of its own tenant.
    for (const type of LEARNING_TYPES)
      sinks[type] = { ready: () => true, accept: (s) => this.tenant(s.tenantId).sinks[type].accept(s) };
    const defaults: Partial<Record<ComponentType, FeedbackSink>> = { ...sinks, model: undefined };
    this.sinks = sinks as Record<ComponentType, FeedbackSink>;
    this.intake = new SignalIntake(this.tenants, this.queues, metrics, this.events, clock, ids, config.queueCapacity);
    this.delivery = new SignalDelivery(
      this.tenants,
      this.sinks,
      this.queues,
      metrics,
      this.events,
      this.logger,
      clock,
      config.consumerConcurrency,
    );
    if (journal && persistence.durability === 'durable') {
      // With Redis, instances share the database and the log, and each applies all of it (see FeedbackDurability).
      const shared = this.queues.durable;
      this.durability = new FeedbackDurability(
        journal,
        durabilityOptions(persistence, shared),
        (entry, live) =>
          isSignalEntry(entry) ? this.intake.apply(entry, live) : applyAction(entry, live, this.tenants, this.events),
        this.tenants,
        this.queues.durable ? undefined : this.queues,
        () => clock.now(),
        this.logger,
      );
      this.intake.durability = this.durability;
      this.delivery.durability = this.durability;
      if (shared)
        this.intake.shared = {
          replicated: (type) => this.sinks[type] === defaults[type],
          deliver: (signal) => void this.delivery.deliver(signal),
        };
    }
    this.startedAt = clock.now();
    // Process-level gauges: sums over the tenants, labelled by component type only.
    metrics.bind({
      queueDepth: (t) => this.queues.size(t),
      disabledCount: (t) => this.sum((f) => f.disabledCount(t)),
      deadLetterCount: () => this.sum((f) => f.deadLetterCount),
    });
  }

  /** The state of `tenantId`, created on first use (submits and deliveries). */
  tenant(tenantId: string): TenantFeedback {
    return this.tenants.tenant(tenantId);
  }

  /** The state of `tenantId` for reading: an empty one when it has none (a read creates nothing). */
  view(tenantId: string): TenantFeedback {
    return this.tenants.view(tenantId);
  }

  /** Every tenant with state (the health and consolidation jobs, process-level totals). */
  allTenants(): IterableIterator<TenantFeedback> {
    return this.tenants.all();
  }

  /** Replaces the sink of `type` (a user module's learner, a test's mock). */
  registerSink(type: ComponentType, sink: FeedbackSink): void {
    this.sinks[type] = sink;
  }

  sink(type: ComponentType): FeedbackSink {
    return this.sinks[type];
  }

  submit(ctx: OrchestrationContext, input: FeedbackSignalInput): Promise<StepResult<SubmitReceipt>> {
    return this.accept(ctx, validateSignal(input));
  }

  submitTool(ctx: OrchestrationContext, input: ToolFeedbackInput): Promise<StepResult<SubmitReceipt>> {
    return this.acceptHelper(ctx, toolSignal(input));
  }

  submitAgent(ctx: OrchestrationContext, input: AgentFeedbackInput): Promise<StepResult<SubmitReceipt>> {
    return this.acceptHelper(ctx, agentSignal(input));
  }

  submitRag(ctx: OrchestrationContext, input: RagFeedbackInput): Promise<StepResult<SubmitReceipt>> {
    return this.acceptHelper(ctx, ragSignal(input));
  }

  /**
   * Fans a trajectory out into model, tool, agent and prompt signals and accepts each; a bad trajectory is rejected
   * whole. Its signals' ids make a resent trajectory recognised signal by signal (see {@link trajectorySubmission}).
   */
  async submitTrajectory(
    ctx: OrchestrationContext,
    trajectory: Record<string, unknown>,
    evaluation?: Record<string, unknown>,
    idempotencyKey?: string,
  ): Promise<StepResult<TrajectoryReceipt>> {
    const prepared = trajectorySubmission(trajectory, evaluation, idempotencyKey, () => this.ids.uuid());
    if (!prepared.ok) return fail('validation', prepared.message);
    const receipts: SubmitReceipt[] = [];
    for (const c of prepared.signals) {
      const r = await this.accept(ctx, c);
      if (r.status === 'ok') receipts.push(r.data);
    }
    return ok({
      trajectoryId: prepared.trajectoryId,
      signalsSubmitted: receipts.filter((r) => r.queued).length,
      signals: receipts,
    });
  }

  private acceptHelper(
    ctx: OrchestrationContext,
    built: Checked<FeedbackSignalInput>,
  ): Promise<StepResult<SubmitReceipt>> {
    return built.ok
      ? this.accept(ctx, validateSignal(built.value))
      : Promise.resolve(fail('validation', built.message));
  }

  private accept(ctx: OrchestrationContext, checked: Checked<ValidSignal>): Promise<StepResult<SubmitReceipt>> {
    return this.intake.accept(ctx, checked);
  }

  /** Hands `signal` to its sink; a failure is logged and dead-lettered (with its tenant), never thrown. */
  readonly deliver = (signal: FeedbackSignal): Promise<void> => this.delivery.deliver(signal);

  /** One drain pass (see {@link SignalDelivery.drainOnce}). */
  drainOnce(batchSize = this.config.batchSize): Promise<number> {
    return this.delivery.drainOnce(batchSize);
  }

  /**
   * The health check of every tenant's components (a process job): disable, probation and re-enable transitions,
   * each naming its tenant, an event and a log line.
   */
  checkHealth(): TenantTransition[] {
    const now = this.clock.now();
    const transitions: TenantTransition[] = [];
    for (const tenant of this.tenants.all()) for (const t of tenant.health.check(now)) transitions.push(tenant.tag(t));
    for (const t of transitions) this.events.transitioned(t);
    // A transition is not in the log: its tenant's state is written at once.
    if (transitions.length > 0) void this.durability?.save([...new Set(transitions.map((t) => t.tenantId))]);
    this.metrics.healthChecked();
    return transitions;
  }

  /**
   * Clears a disabled (or probation) component of the tenant; false when it was enabled or is unknown there. In
   * durable mode the clear is logged first, so that every instance and a recovery make it too.
   */
  async clearDisabled(tenantId: string, type: ComponentType, id: string): Promise<boolean> {
    const tenant = this.tenants.existing(tenantId);
    if (!tenant || tenant.health.state(type, id) === 'enabled') return false;
    const at = this.clock.now();
    if (this.durability) {
      const action = { id: `/clear/${this.ids.uuid()}`, tenantId, at, componentType: type, componentId: id };
      const applied = await this.durability.submit({ kind: 'clear', action });
      return applied.kind === 'cleared' && applied.cleared;
    }
    const t = tenant.health.clear(type, id, at);
    if (t) this.events.transitioned(tenant.tag(t));
    return t !== undefined;
  }

  /**
   * Puts spooled signals back in their queues (in-process mode), remembering each id for its own tenant; entries
   * that are not signals (a tenant included) are skipped.
   */
  restore(signals: readonly unknown[]): number {
    if (this.queues.durable) return 0;
    let n = 0;
    for (const s of signals) {
      if (!isSpooledSignal(s)) continue;
      this.queues.enqueue(s);
      this.tenant(s.tenantId).seen.remember(s.signalId);
      n++;
    }
    return n;
  }

  now(): number {
    return this.clock.now();
  }

  /** A process-level total over the tenants (a number only: no tenant, component or value is named). */
  sum(of: (tenant: TenantFeedback) => number): number {
    return this.tenants.sum(of);
  }
}
