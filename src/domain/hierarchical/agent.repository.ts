import { Inject, Injectable } from '@nestjs/common';
import { SQL_DATABASE, type SqlDatabase } from '../../core/ports/sql-database.port';
import type { AgentRecord } from './hierarchy.records';

type Row = Readonly<Record<string, unknown>>;
// Drivers may return jsonb as text and bigint as a string.
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toAgent(row: Row): AgentRecord {
  return {
    tenantId: String(row.tenant_id),
    agentId: String(row.agent_id),
    role: String(row.role),
    capabilities: json(row.capabilities),
    specialisations: json(row.specialisations),
    capacity: Number(row.capacity),
    registeredAt: Number(row.registered_at),
    lastHeartbeat: Number(row.last_heartbeat),
    status: row.status as AgentRecord['status'],
    reportedLoad: Number(row.reported_load),
    completed: Number(row.completed),
    failed: Number(row.failed),
    averageSeconds: num(row.average_seconds),
  };
}

/**
 * The agent registry's rows (`hierarchy_agents`, created by the hierarchy's migration): every read and write names
 * the tenant, except the monitor's stale pass over every tenant. Settled tasks add to an agent's record of work in
 * the statement that stores them (see `HierarchyRepository.settleTask`).
 */
@Injectable()
export class AgentRepository {
  constructor(@Inject(SQL_DATABASE) private readonly database: SqlDatabase) {}

  private get db() {
    return this.database.db;
  }

  /** Registers an agent, or replaces its description (keeping its record of work) when the id exists. */
  async upsert(agent: AgentRecord): Promise<void> {
    const described = {
      role: agent.role,
      capabilities: JSON.stringify(agent.capabilities),
      specialisations: JSON.stringify(agent.specialisations),
      capacity: agent.capacity,
      last_heartbeat: agent.lastHeartbeat,
      status: agent.status,
    };
    await this.db
      .insertInto('hierarchy_agents')
      .values({
        tenant_id: agent.tenantId,
        agent_id: agent.agentId,
        registered_at: agent.registeredAt,
        reported_load: agent.reportedLoad,
        completed: agent.completed,
        failed: agent.failed,
        average_seconds: agent.averageSeconds,
        ...described,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'agent_id']).doUpdateSet(described))
      .execute();
  }

  async get(tenantId: string, agentId: string): Promise<AgentRecord | undefined> {
    const row = await this.db
      .selectFrom('hierarchy_agents')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .executeTakeFirst();
    return row ? toAgent(row) : undefined;
  }

  async list(tenantId: string): Promise<AgentRecord[]> {
    const rows = await this.db
      .selectFrom('hierarchy_agents')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('agent_id')
      .execute();
    return rows.map(toAgent);
  }

  /** Records a heartbeat: the agent is active again. False when the tenant has no such agent. */
  async heartbeat(tenantId: string, agentId: string, at: number, load: number | undefined): Promise<boolean> {
    const result = await this.db
      .updateTable('hierarchy_agents')
      .set({ last_heartbeat: at, status: 'active', ...(load === undefined ? {} : { reported_load: load }) })
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Marks every tenant's active agents whose last heartbeat is before `before` stale; returns them. */
  async markStale(before: number): Promise<{ readonly tenantId: string; readonly agentId: string }[]> {
    const rows = await this.db
      .updateTable('hierarchy_agents')
      .set({ status: 'stale' })
      .where('status', '=', 'active')
      .where('last_heartbeat', '<', before)
      .returning(['tenant_id', 'agent_id'])
      .execute();
    return rows.map((r) => ({ tenantId: String(r.tenant_id), agentId: String(r.agent_id) }));
  }

  async delete(tenantId: string, agentId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('hierarchy_agents')
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
