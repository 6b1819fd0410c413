import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../core/config/app-config';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { fail, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import { AgentRegistry } from './agent-registry';
import type { TaskCall } from '../crew';
import { TaskHandlers } from './handlers/task-handlers';
import { HierarchyEvent } from './hierarchy.events';
import { HierarchyMetrics } from './hierarchy.metrics';
import type { SessionRecord } from './hierarchy.records';
import { HierarchyRepository } from './hierarchy.repository';
import { delegationKey } from './planning/delegation-guard';
import type { PlannedTask } from './planning/hierarchy.types';
import type { StrategicPlan } from './planning/strategic-plan';

/** One attempt of one task, wherever it runs. */
export interface AttemptSpec {
  readonly session: SessionRecord;
  readonly task: PlannedTask;
  readonly agentId: string;
  /** `<taskId>#<n>`. */
  readonly attemptId: string;
  /** The data of the tasks it depends on, by task id. */
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly signal: AbortSignal;
  /** Told when the handler reports progress (the store is told too, at most once a second). */
  readonly onProgress?: () => void;
}

/** Progress is written to the store at most this often per attempt (ms). */
const PROGRESS_WRITE_MS = 1_000;

/** Objective ids by task id, made once per plan (a plan never changes) rather than once per attempt. */
const objectiveIds = new WeakMap<StrategicPlan, ReadonlyMap<string, string>>();
function objectiveIdsOf(plan: StrategicPlan): ReadonlyMap<string, string> {
  let byTask = objectiveIds.get(plan);
  if (!byTask) objectiveIds.set(plan, (byTask = new Map(plan.tasks.map((t) => [t.id, t.objectiveId]))));
  return byTask;
}

/**
 * Runs one attempt's handler: a child of the session's context (its tenant, workspace, request and principal),
 * the objective's input, the dependencies' data by objective id, an idempotency key, progress and delegation.
 * The delegation guard and the step count live in the store, so they hold when attempts of one session run on
 * several instances. Never throws: a thrown handler is a `processing` error.
 */
@Injectable()
export class TaskExecutor {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: HierarchyRepository,
    private readonly agents: AgentRegistry,
    private readonly handlers: TaskHandlers,
    private readonly metrics: HierarchyMetrics,
    private readonly events: EventEmitter2,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async run(spec: AttemptSpec): Promise<StepResult<unknown>> {
    const { session, task } = spec;
    const handler = this.handlers.get(task.type);
    if (!handler)
      return fail('validation', `No handler for the task type ${JSON.stringify(task.type)}`, { retryable: false });
    const byTask = objectiveIdsOf(session.plan);
    const ctx = OrchestrationContext.create(
      {
        tenantId: session.tenantId,
        workspaceId: session.workspaceId,
        requestId: session.requestId,
        principal: session.principal ?? undefined,
        metadata: { hierarchySession: session.sessionId, task: task.id, agent: spec.agentId },
        signal: spec.signal,
      },
      this.ids,
    ).createChild('hierarchical');
    let loop: string | null = null;
    let progressWritten = 0;
    const progress = () => {
      spec.onProgress?.();
      const now = this.clock.now();
      if (now - progressWritten < PROGRESS_WRITE_MS) return;
      progressWritten = now;
      void this.repository.touchProgress(session.tenantId, session.sessionId, task.id, now).catch(() => undefined);
    };
    const call = (agentId: string, type: string, input: Readonly<Record<string, unknown>>): TaskCall => ({
      ctx,
      sessionId: session.sessionId,
      taskId: task.id,
      objectiveId: task.objectiveId,
      type,
      input,
      inputs: Object.fromEntries(Object.entries(spec.inputs).map(([id, data]) => [byTask.get(id) ?? id, data])),
      agentId,
      idempotencyKey: `${session.sessionId}/${spec.attemptId}`,
      signal: spec.signal,
      progress,
      delegate: async (to, toType, toInput) => {
        const refused = await this.delegation(spec, agentId, to, toType, toInput);
        if (typeof refused === 'string') {
          loop = refused;
          throw new DelegationLoopError(refused);
        }
        return refused ?? this.handlers.get(toType)!.handle(call(to, toType, toInput));
      },
    });
    const answered = await handler
      .handle(call(spec.agentId, task.type, task.input))
      .catch((e: unknown) => fail('processing', e instanceof Error ? e.message : String(e)));
    // A delegation loop cannot be mended by trying again: the attempt fails whatever the handler made of it.
    return loop ? fail('conflict', loop, { retryable: false }) : answered;
  }

  /**
   * Checks a delegation by agent id and counts it: a refusal as a result, a loop as its reason, or undefined when
   * the delegated handler may run.
   */
  private async delegation(
    spec: AttemptSpec,
    from: string,
    to: string,
    type: string,
    input: Readonly<Record<string, unknown>>,
  ): Promise<StepResult<unknown> | string | undefined> {
    const { tenantId, sessionId, limits } = spec.session;
    const agent = await this.agents.get(tenantId, to);
    if (!agent)
      return fail('validation', `delegate: ${JSON.stringify(to)} is not a registered agent of tenant ${tenantId}`, {
        retryable: false,
      });
    if (agent.status !== 'active') return fail('unavailable', `delegate: agent ${to} is stale`);
    if (!agent.capabilities.includes(type) && !agent.capabilities.includes('general'))
      return fail('validation', `delegate: agent ${to} cannot take tasks of type ${JSON.stringify(type)}`, {
        retryable: false,
      });
    const handler = this.handlers.get(type);
    if (!handler)
      return fail('validation', `delegate: no handler for the task type ${JSON.stringify(type)}`, { retryable: false });
    const problems = handler.inputProblems(input);
    if (problems.length > 0)
      return fail('validation', `delegate: input.${problems.join('; input.')}`, { retryable: false });
    const times = await this.repository.bumpDelegation(tenantId, sessionId, delegationKey(from, to, type, input));
    if (times >= this.config.hierarchy.delegationRepeatLimit) {
      this.metrics.stuckTask('delegation_loop');
      this.events.emit(HierarchyEvent.TaskStuck, {
        tenantId,
        sessionId,
        taskId: spec.task.id,
        agentId: from,
        attemptId: spec.attemptId,
        reason: 'delegation_loop',
        strategy: 'graceful_degradation',
      });
      return `delegation_loop: ${from} → ${to} with the same input ${times} times`;
    }
    if ((await this.repository.bumpSteps(tenantId, sessionId)).steps > limits.maxSteps)
      return fail('budget_exceeded', 'step_limit', { retryable: false });
    return undefined;
  }
}

/** Thrown through a handler when its delegation repeats: the attempt fails and is not retried. */
export class DelegationLoopError extends Error {
  override readonly name = 'DelegationLoopError';
}
