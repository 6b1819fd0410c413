import type { Logger } from '@nestjs/common';
import { COMPONENT_TYPES, type ComponentType, type FeedbackSignal } from '../../core/ports/feedback.port';
import type { Clock } from '../../core/runtime/clock';
import { FeedbackEvent, type FeedbackEvents } from './feedback.events';
import type { FeedbackMetrics } from './feedback.metrics';
import type { FeedbackSink } from './feedback-sinks';
import type { FeedbackDurability } from './durable/feedback-durability';
import type { DurableQueues, InProcessQueues } from './signal-queues';
import type { TenantFeedbackRegistry } from './tenant-feedback';

/**
 * The hub's outbound half: queued signals go to the sink of their type, each counted for its own tenant; a sink's
 * failure dead-letters the signal (with its tenant) and is never thrown.
 */
export class SignalDelivery {
  /** Durable mode: told which signals are being delivered and which are done (for the state's snapshots). */
  durability?: FeedbackDurability;

  constructor(
    private readonly tenants: TenantFeedbackRegistry,
    /** The hub's sinks by type; replaced in place when a module registers its own. */
    private readonly sinks: Readonly<Record<ComponentType, FeedbackSink>>,
    private readonly queues: InProcessQueues | DurableQueues,
    private readonly metrics: FeedbackMetrics,
    private readonly events: FeedbackEvents,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly consumerConcurrency: number,
  ) {}

  /** Hands `signal` to its sink; a failure is logged and dead-lettered, never thrown. */
  readonly deliver = async (signal: FeedbackSignal): Promise<void> => {
    const tenant = this.tenants.tenant(signal.tenantId);
    try {
      const pending = this.sinks[signal.componentType].accept(signal);
      if (pending) await pending;
      tenant.counts.processed++;
      this.metrics.processed(signal.componentType);
      this.events.emitIfListened(FeedbackEvent.Processed, signal);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.logger.warn({
        event: 'feedback_sink_failed',
        tenant_id: signal.tenantId,
        component_type: signal.componentType,
        component_id: signal.componentId,
        signal_id: signal.signalId,
        err: e,
      });
      tenant.counts.deadLettered++;
      this.metrics.sinkFailed(signal.componentType);
      tenant.deadLetter({ signal, error, failedAt: this.clock.now() });
      this.events.emit(FeedbackEvent.DeadLettered, { signal, error });
    }
    this.durability?.delivered(signal);
  };

  /**
   * One drain pass: up to `batchSize` signals per type go to their sinks, in order; a type whose sink is not
   * ready keeps its signals. In Redis mode, starts the consumers of types whose sink has become ready instead.
   */
  async drainOnce(batchSize: number): Promise<number> {
    let n = 0;
    for (const type of COMPONENT_TYPES) {
      if (!this.sinks[type].ready()) continue;
      if (this.queues.durable) {
        this.queues.consume(type, this.deliver, this.consumerConcurrency);
        continue;
      }
      const batch = this.queues.take(type, batchSize);
      if (this.durability) for (const signal of batch) this.durability.delivering(signal);
      for (const signal of batch) {
        await this.deliver(signal);
        n++;
      }
    }
    return n;
  }
}
