import { Injectable } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import type { OrchestrationInput, OrchestratorHealth } from '../../core/orchestrator/orchestrator.types';
import { COMPONENT_TYPES, type ComponentType, type FeedbackSignalInput } from '../../core/ports/feedback.port';
import { fail, ok, skip, type StepResult } from '../../core/result/step-result';
import { healthReport, metricsReport, processHealth } from './feedback-report';
import { FeedbackLifecycle } from './feedback.lifecycle';
import { FeedbackMetrics } from './feedback.metrics';
import { FeedbackService } from './feedback.service';

/** The orchestrator's registered name. */
export const FEEDBACK_ORCHESTRATOR = 'unified_feedback';

export const FEEDBACK_OPERATIONS = [
  'submit_feedback',
  'submit_tool_feedback',
  'submit_agent_feedback',
  'submit_rag_feedback',
  'submit_trajectory_feedback',
  'get_metrics',
  'get_health',
  'clear_disabled',
  'start',
  'stop',
] as const;
export type FeedbackOperation = (typeof FEEDBACK_OPERATIONS)[number];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The `unified_feedback` orchestrator (application, coordination): `{ operation = "submit_feedback", … }` on the
 * application's one {@link FeedbackService}. `submit_feedback` takes `signal`; the tool, agent and RAG helpers
 * take `feedback`; `submit_trajectory_feedback` takes `trajectory` and optionally `evaluation`; `clear_disabled`
 * takes `componentType` and `componentId` and re-enables that component. The background jobs start at bootstrap;
 * `stop` and `start` pause and resume them.
 *
 * Every operation but `start` and `stop` acts for the context's tenant only: its signals, its dedupe, its
 * components' health, its metrics. `start` and `stop` pause and resume the process's jobs for every tenant.
 */
@Orchestrator({
  name: FEEDBACK_ORCHESTRATOR,
  layer: 'application',
  type: 'coordination',
  description: 'Reward signals per component type, learning sinks, component health and auto-disable',
  permissions: {
    run: 'unified_feedback.run',
    operations: {
      get_metrics: 'unified_feedback.read',
      get_health: 'unified_feedback.read',
      clear_disabled: 'unified_feedback.admin',
      start: 'unified_feedback.admin',
      stop: 'unified_feedback.admin',
    },
  },
})
@Injectable()
export class FeedbackOrchestrator extends BaseOrchestrator {
  constructor(
    private readonly hub: FeedbackService,
    private readonly lifecycle: FeedbackLifecycle,
    private readonly metrics: FeedbackMetrics,
  ) {
    super();
  }

  async orchestrate(ctx: OrchestrationContext, input: OrchestrationInput): Promise<StepResult> {
    const operation: unknown = input.operation ?? 'submit_feedback';
    if (typeof operation !== 'string' || !(FEEDBACK_OPERATIONS as readonly string[]).includes(operation)) {
      return fail(
        'validation',
        `Unknown operation: ${String(operation)} (operation must be one of ${FEEDBACK_OPERATIONS.join(', ')})`,
      );
    }
    switch (operation as FeedbackOperation) {
      case 'submit_feedback':
        if (!isRecord(input.signal))
          return fail('validation', 'signal is required for submit_feedback and must be an object');
        return this.hub.submit(ctx, input.signal as unknown as FeedbackSignalInput);
      case 'submit_tool_feedback':
      case 'submit_agent_feedback':
      case 'submit_rag_feedback': {
        if (!isRecord(input.feedback))
          return fail('validation', `feedback is required for ${operation} and must be an object`);
        const feedback = input.feedback as never;
        if (operation === 'submit_tool_feedback') return this.hub.submitTool(ctx, feedback);
        return operation === 'submit_agent_feedback'
          ? this.hub.submitAgent(ctx, feedback)
          : this.hub.submitRag(ctx, feedback);
      }
      case 'submit_trajectory_feedback':
        if (!isRecord(input.trajectory))
          return fail('validation', 'trajectory is required for submit_trajectory_feedback and must be an object');
        if (input.evaluation !== undefined && !isRecord(input.evaluation))
          return fail('validation', 'evaluation must be an object');
        if (
          input.idempotencyKey !== undefined &&
          (typeof input.idempotencyKey !== 'string' || input.idempotencyKey === '')
        )
          return fail('validation', 'idempotencyKey must be a non-empty string');
        return this.hub.submitTrajectory(ctx, input.trajectory, input.evaluation, input.idempotencyKey);
      case 'get_metrics':
        return ok(metricsReport(this.hub, this.lifecycle, this.metrics, ctx.tenantId));
      case 'get_health':
        return ok(healthReport(this.hub, ctx.tenantId));
      case 'clear_disabled':
        return this.clearDisabled(ctx, input.componentType, input.componentId);
      case 'start':
        return this.lifecycle.start() ? ok({ status: 'started', backgroundJobs: 3 }) : skip('already_running');
      case 'stop':
        return (await this.lifecycle.stop())
          ? ok({ status: 'stopped', signalsProcessed: this.hub.sum((t) => t.counts.processed) })
          : skip('not_running');
    }
  }

  /** Re-enables a disabled (or probation) component of the caller's tenant; `not_found` when it is not disabled. */
  private async clearDisabled(ctx: OrchestrationContext, type: unknown, id: unknown): Promise<StepResult> {
    if (!(COMPONENT_TYPES as readonly unknown[]).includes(type))
      return fail('validation', `componentType must be one of ${COMPONENT_TYPES.join(', ')}`);
    if (typeof id !== 'string' || id.length === 0) return fail('validation', 'componentId must be a non-empty string');
    if (!(await this.hub.clearDisabled(ctx.tenantId, type as ComponentType, id)))
      return fail('not_found', `Component ${String(type)}/${id} is not disabled`);
    return ok({ componentType: type, componentId: id, cleared: true });
  }

  /** Process-level: the jobs, and over every tenant the mean component health and the disabled and dead-letter counts. */
  healthCheck(): OrchestratorHealth {
    const h = processHealth(this.hub);
    return {
      healthy: this.lifecycle.running,
      details: {
        jobsRunning: this.lifecycle.running,
        overallHealth: h.overallHealth,
        disabledComponents: h.disabledComponents,
        deadLetters: this.hub.sum((t) => t.deadLetterCount),
      },
    };
  }
}
