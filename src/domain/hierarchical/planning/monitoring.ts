/** An agent whose last heartbeat is older than this is stale (ms). */
export const STALE_AGENT_MS = 60_000;
/** A task running longer than this is stuck (ms). */
export const STUCK_TASK_MS = 300_000;

export interface HealthInput {
  readonly activeSessions: number;
  readonly agents: number;
  readonly queuedTasks: number;
  readonly totalSessions: number;
  readonly failedSessions: number;
}

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/**
 * The coordinator's health score: 1, less 0.1 above 10 active sessions, 0.3 without any agent, 0.2 above 100
 * queued tasks, and 0.5 × the share of sessions that failed; within [0, 1]. At least 0.8 is healthy, at least 0.6
 * degraded, else unhealthy.
 *
 * @example systemHealth({ agents: 0, totalSessions: 0, … }) // { score: 0.7, status: 'degraded' }
 */
export function systemHealth(h: HealthInput): { readonly score: number; readonly status: HealthStatus } {
  let score = 1;
  if (h.activeSessions > 10) score -= 0.1;
  if (h.agents === 0) score -= 0.3;
  if (h.queuedTasks > 100) score -= 0.2;
  if (h.totalSessions > 0) score -= 0.5 * (h.failedSessions / h.totalSessions);
  score = Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
  return { score, status: score >= 0.8 ? 'healthy' : score >= 0.6 ? 'degraded' : 'unhealthy' };
}

/**
 * Agents whose heartbeat is older than {@link STALE_AGENT_MS} and tasks running longer than {@link STUCK_TASK_MS}
 * at `now`; each health is `degraded` when it lists any.
 */
export function healthChecks(
  now: number,
  agents: readonly { readonly id: string; readonly lastHeartbeat: number }[],
  running: readonly { readonly id: string; readonly startedAt: number }[],
): {
  readonly agentHealth: 'healthy' | 'degraded';
  readonly staleAgents: readonly string[];
  readonly taskHealth: 'healthy' | 'degraded';
  readonly stuckTasks: readonly string[];
} {
  const staleAgents = agents.filter((a) => now - a.lastHeartbeat > STALE_AGENT_MS).map((a) => a.id);
  const stuckTasks = running.filter((t) => now - t.startedAt > STUCK_TASK_MS).map((t) => t.id);
  return {
    agentHealth: staleAgents.length > 0 ? 'degraded' : 'healthy',
    staleAgents,
    taskHealth: stuckTasks.length > 0 ? 'degraded' : 'healthy',
    stuckTasks,
  };
}
