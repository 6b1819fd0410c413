import type { Logger } from '@nestjs/common';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { FeedbackSignal } from '../../core/ports/feedback.port';
import type { Transition } from './component-health';
import type { TenantTransition } from './tenant-feedback';

/** A signal whose sink failed. */
export interface DeadLetter {
  readonly signal: FeedbackSignal;
  readonly error: string;
  readonly failedAt: number;
}

/** Events the hub emits (EventEmitter2). */
export const FeedbackEvent = {
  Queued: 'feedback.queued',
  Processed: 'feedback.processed',
  DeadLettered: 'feedback.dead_lettered',
  ComponentDisabled: 'component.disabled',
  ComponentProbation: 'component.probation',
  ComponentReenabled: 'component.reenabled',
  Consolidated: 'feedback.consolidated',
} as const;

const TRANSITION_EVENT: Record<Transition['to'], string> = {
  disabled: FeedbackEvent.ComponentDisabled,
  probation: FeedbackEvent.ComponentProbation,
  enabled: FeedbackEvent.ComponentReenabled,
};

const TRANSITION_LOG: Record<Transition['to'], string> = {
  disabled: 'component_auto_disabled',
  probation: 'component_probation',
  enabled: 'component_re_enabled',
};

/** The hub's events and transition logs; a throwing listener is logged and never reaches the caller. */
export class FeedbackEvents {
  constructor(
    private readonly emitter: EventEmitter2,
    private readonly logger: Logger,
  ) {}

  /** For per-signal events: emits only when someone listens (the hot path pays one lookup otherwise). */
  emitIfListened(event: string, payload: unknown): void {
    if (this.emitter.hasListeners(event)) this.emit(event, payload);
  }

  emit(event: string, payload: unknown): void {
    try {
      this.emitter.emit(event, payload);
    } catch (e) {
      this.logger.warn({ event: 'feedback_listener_failed', listener_of: event, err: e });
    }
  }

  /** Logs (a warning for a disable) and emits one health transition of a tenant's component. */
  transitioned(t: TenantTransition): void {
    const log = {
      event: TRANSITION_LOG[t.to],
      tenant_id: t.tenantId,
      component: t.key,
      from: t.from,
      reason: t.reason,
      health: t.health,
      samples: t.samples,
    };
    if (t.to === 'disabled') this.logger.warn(log);
    else this.logger.log(log);
    this.emit(TRANSITION_EVENT[t.to], t);
  }
}
