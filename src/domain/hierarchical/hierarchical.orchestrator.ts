import { Injectable } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { validateInput } from '../../core/validation/validate-input';
import { AgentRegistry } from './agent-registry';
import { CreateSessionDto, HeartbeatDto, RecoverSessionDto, RegisterAgentDto } from './hierarchy.dto';
import { HierarchyService } from './hierarchy.service';
import { sessionRequestOf } from './session-request';

export const HIERARCHICAL_ORCHESTRATOR = 'hierarchical';

export const HIERARCHICAL_OPERATIONS = [
  'create_session',
  'get_session',
  'list_sessions',
  'cancel_session',
  'recover_session',
  'register_agent',
  'heartbeat',
  'list_agents',
  'health',
] as const;
type Operation = (typeof HIERARCHICAL_OPERATIONS)[number];

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The `hierarchical` orchestrator (domain, hierarchical): `{ operation, … }` on the tenant's sessions and agents.
 * `create_session` takes `mission`, `objectives` and optional `limits` (as `POST /hierarchy/sessions`) and, with
 * `wait: true`, answers when the session has finished; `get_session`, `cancel_session` and `recover_session` take
 * `sessionId` (`recover_session` also `strategy` or `affected`); `register_agent` takes `agent`; `heartbeat` takes
 * `agentId` (and `load`, `sessionId`, `taskId`, `progress`).
 */
@Orchestrator({
  name: HIERARCHICAL_ORCHESTRATOR,
  layer: 'domain',
  type: 'hierarchical',
  description: 'Sessions of objectives planned into tasks, routed to registered agents and run by dependency phase',
  permissions: {
    run: 'hierarchical.run',
    operations: {
      get_session: 'hierarchical.read',
      list_sessions: 'hierarchical.read',
      list_agents: 'hierarchical.read',
      health: 'hierarchical.read',
      register_agent: 'hierarchical.admin',
    },
  },
})
@Injectable()
export class HierarchicalOrchestrator extends BaseOrchestrator {
  constructor(
    private readonly sessions: HierarchyService,
    private readonly agents: AgentRegistry,
  ) {
    super();
  }

  async orchestrate(ctx: OrchestrationContext, input: OrchestrationInput): Promise<StepResult> {
    const operation: unknown = input.operation ?? 'create_session';
    if (typeof operation !== 'string' || !(HIERARCHICAL_OPERATIONS as readonly string[]).includes(operation))
      return fail(
        'validation',
        `Unknown operation: ${String(operation)} (operation must be one of ${HIERARCHICAL_OPERATIONS.join(', ')})`,
      );
    const tenant = ctx.tenantId;
    const idOf = (field: string): string | StepResult => {
      const v = input[field];
      return typeof v === 'string' && ID.test(v) ? v : fail('validation', `${field} is required (an id)`);
    };
    switch (operation as Operation) {
      case 'create_session': {
        const { operation: _op, wait, ...body } = input;
        const checked = validateInput(CreateSessionDto, body, 'input');
        if (!checked.ok) return fail('validation', checked.problems.join('; '));
        const created = await this.sessions.create(ctx, sessionRequestOf(checked.value));
        if (created.status !== 'ok' || wait !== true) return created;
        return ok(await this.sessions.waitFor(tenant, created.data.sessionId, 120_000));
      }
      case 'get_session': {
        const id = idOf('sessionId');
        if (typeof id !== 'string') return id;
        const view = await this.sessions.get(tenant, id);
        return view ? ok(view) : fail('not_found', `No session ${JSON.stringify(id)} for tenant ${tenant}`);
      }
      case 'list_sessions':
        return ok({ sessions: await this.sessions.list(tenant, 20) });
      case 'cancel_session': {
        const id = idOf('sessionId');
        return typeof id === 'string' ? this.sessions.cancel(tenant, id) : id;
      }
      case 'recover_session': {
        const id = idOf('sessionId');
        if (typeof id !== 'string') return id;
        const { operation: _op, sessionId: _id, ...body } = input;
        const checked = validateInput(RecoverSessionDto, body, 'input');
        if (!checked.ok) return fail('validation', checked.problems.join('; '));
        return this.sessions.recover(tenant, id, checked.value);
      }
      case 'register_agent': {
        const checked = validateInput(RegisterAgentDto, input.agent, 'agent');
        if (!checked.ok) return fail('validation', checked.problems.join('; '));
        return ok(await this.agents.register(tenant, checked.value));
      }
      case 'heartbeat': {
        const id = idOf('agentId');
        if (typeof id !== 'string') return id;
        const { operation: _op, agentId: _id, ...body } = input;
        const checked = validateInput(HeartbeatDto, body, 'input');
        if (!checked.ok) return fail('validation', checked.problems.join('; '));
        return this.heartbeat(tenant, id, checked.value);
      }
      case 'list_agents':
        return ok({ agents: await this.agents.list(tenant) });
      case 'health':
        return ok(await this.sessions.health(tenant));
    }
  }

  /** A heartbeat, and the progress it reports on a running task (`sessionId` and `taskId` go together). */
  async heartbeat(tenantId: string, agentId: string, beat: HeartbeatDto): Promise<StepResult> {
    const { sessionId, taskId, progress } = beat;
    if ((sessionId === undefined) !== (taskId === undefined) || (progress !== undefined && taskId === undefined))
      return fail('validation', 'sessionId, taskId and progress go together: a task is named by its session and id');
    const beaten = await this.agents.heartbeat(tenantId, agentId, beat.load);
    if (beaten.status !== 'ok' || sessionId === undefined || taskId === undefined || progress === undefined)
      return beaten;
    if (!(await this.sessions.reportProgress(tenantId, sessionId, taskId, progress)))
      return fail('conflict', `Task ${JSON.stringify(taskId)} of session ${sessionId} is not running`, {
        retryable: false,
      });
    return beaten;
  }
}
