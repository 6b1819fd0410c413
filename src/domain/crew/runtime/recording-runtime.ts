import { Logger } from '@nestjs/common';
import type { Interaction, InteractionLogPort } from '../../../core/ports/interaction-log.port';
import type { Clock } from '../../../core/runtime/clock';
import type {
  AgentRunContext,
  AgentRunInputs,
  AgentRunResult,
  AgentRuntime,
  TaskSettlement,
} from '../ports/agent-runtime.port';
import type { CrewPlan } from '../plan/crew-plan';
import { qualityKindOf, responseQuality } from '../scoring/response-quality';

const logger = new Logger('Crew');

/**
 * The interaction of a crew task as it ended: its agent, its task id as the task type, the run's workflow id, the
 * stages it called as its tools, ok or error, and the quality of its reply ({@link responseQuality} at the task's
 * length window; null when it failed or replied nothing).
 */
export function crewInteraction(ctx: AgentRunContext, s: TaskSettlement, at: number): Interaction {
  return {
    tenantId: ctx.tenantId,
    agent: s.task.agent,
    taskType: s.task.id,
    source: 'crew',
    runId: ctx.tools.run.workflowId,
    tools: [...new Set(s.calls)],
    toolSequence: [...s.calls],
    durationMs: Math.round(s.durationMs * 1000) / 1000,
    outcome: s.error === null ? 'ok' : 'error',
    quality: s.raw !== null && s.raw.trim() !== '' ? responseQuality(s.raw, qualityKindOf(s.task.id)) : null,
    error: s.error,
    at,
  };
}

/**
 * An {@link AgentRuntime} that records every task the runtime it wraps runs in the interaction log (when a module
 * provides one), timed on the injected clock. Recording never fails a task: the log queues, and a log that throws
 * is logged.
 */
export class RecordingAgentRuntime implements AgentRuntime {
  constructor(
    private readonly inner: AgentRuntime,
    private readonly log: () => InteractionLogPort | undefined,
    private readonly clock: Clock,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  run(plan: CrewPlan, inputs: AgentRunInputs, ctx: AgentRunContext): Promise<AgentRunResult> {
    const log = this.log();
    if (!log) return this.inner.run(plan, inputs, ctx);
    return this.inner.run(plan, inputs, {
      ...ctx,
      clock: ctx.clock ?? this.clock,
      onTaskSettled: (settled) => {
        ctx.onTaskSettled?.(settled);
        try {
          log.record(crewInteraction(ctx, settled, this.clock.now()));
        } catch (e) {
          logger.warn({ event: 'interaction_not_recorded', task: settled.task.id, err: e });
        }
      },
    });
  }
}
