import { Inject, Injectable } from '@nestjs/common';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import type { AgentRecord } from './hierarchy.records';
import { AgentRepository } from './agent.repository';
import type { AgentState } from './planning/hierarchy.types';

export interface RegisterAgent {
  readonly agentId: string;
  readonly role: string;
  readonly capabilities: readonly string[];
  readonly specialisations?: readonly string[];
  /** Tasks it may hold at once (default 10). */
  readonly capacity?: number;
}

/** Success rate an agent is routed with before it has settled any task. */
export const NEW_AGENT_SUCCESS_RATE = 0.9;

/**
 * The tenant's worker agents: registered by id with their role, capabilities, specialisations and capacity, kept
 * alive by heartbeats, and described to routing by their record of work (success rate, mean completion time) and
 * their load (the larger of the running tasks over capacity and the load their last heartbeat reported).
 */
@Injectable()
export class AgentRegistry {
  constructor(
    private readonly repository: AgentRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Registers (or re-describes) an agent; it counts as alive from now. */
  async register(tenantId: string, agent: RegisterAgent): Promise<AgentRecord> {
    const now = this.clock.now();
    const existing = await this.repository.get(tenantId, agent.agentId);
    const record: AgentRecord = {
      tenantId,
      agentId: agent.agentId,
      role: agent.role,
      capabilities: [...new Set(agent.capabilities)],
      specialisations: [...new Set(agent.specialisations ?? [])],
      capacity: agent.capacity ?? 10,
      registeredAt: existing?.registeredAt ?? now,
      lastHeartbeat: now,
      status: 'active',
      reportedLoad: existing?.reportedLoad ?? 0,
      completed: existing?.completed ?? 0,
      failed: existing?.failed ?? 0,
      averageSeconds: existing?.averageSeconds ?? null,
    };
    await this.repository.upsert(record);
    return (await this.repository.get(tenantId, agent.agentId))!;
  }

  /** Records a heartbeat; `not_found` for an agent the tenant has not registered. */
  async heartbeat(tenantId: string, agentId: string, load?: number): Promise<StepResult<AgentRecord>> {
    if (!(await this.repository.heartbeat(tenantId, agentId, this.clock.now(), load)))
      return fail('not_found', `No agent ${JSON.stringify(agentId)} is registered for tenant ${tenantId}`);
    return ok((await this.repository.get(tenantId, agentId))!);
  }

  list(tenantId: string): Promise<AgentRecord[]> {
    return this.repository.list(tenantId);
  }

  get(tenantId: string, agentId: string): Promise<AgentRecord | undefined> {
    return this.repository.get(tenantId, agentId);
  }

  remove(tenantId: string, agentId: string): Promise<boolean> {
    return this.repository.delete(tenantId, agentId);
  }
}

/** How routing sees an agent, given how many tasks it is running now. */
export function agentState(agent: AgentRecord, running: number): AgentState {
  const settled = agent.completed + agent.failed;
  return {
    id: agent.agentId,
    role: agent.role,
    capabilities: agent.capabilities,
    specialisations: agent.specialisations,
    load: Math.min(1, Math.max(agent.reportedLoad, running / agent.capacity)),
    successRate: settled === 0 ? NEW_AGENT_SUCCESS_RATE : agent.completed / settled,
    averageCompletionSeconds: agent.averageSeconds ?? 60,
    lastHeartbeat: agent.lastHeartbeat,
  };
}
