import type { AgentState, PlannedTask } from './hierarchy.types';
import { routingPriority } from './hierarchy.types';

/** A task may not take an agent's projected load to this share of its capacity or past it. */
export const MAX_PROJECTED_LOAD = 0.9;
/** The load one more task adds to an agent within a routing pass. */
export const LOAD_PER_TASK = 0.1;

export type RouteReason = 'specialised' | 'high_success_rate' | 'faster_than_estimate' | 'spare_capacity';

export type Route =
  | { readonly taskId: string; readonly agentId: string; readonly score: number; readonly reason: RouteReason }
  | { readonly taskId: string; readonly agentId: null; readonly reason: 'no_eligible_agent' };

/**
 * Loads are counted in hundredths, so ten assignments of 0.1 add exactly 1.0 and an idle agent takes at most nine
 * tasks in a pass (projected load below 0.9), not the ten that floating-point sums let through.
 */
const hundredths = (load: number) => Math.round(load * 100);

/**
 * An agent may take a task when it can do the type (the type is among its capabilities, it has `general`, or the
 * task is `general`) and its projected load stays below {@link MAX_PROJECTED_LOAD}.
 */
export function eligible(agent: AgentState, task: PlannedTask, projectedLoad: number): boolean {
  const can =
    agent.capabilities.includes(task.type) || agent.capabilities.includes('general') || task.type === 'general';
  return can && hundredths(projectedLoad) < hundredths(MAX_PROJECTED_LOAD);
}

/**
 * How well an agent suits a task: 100 × success rate − 50 × projected load, + 20 when the task's type is among its
 * specialisations, + 10 when its average completion time is under the task's estimate.
 *
 * @example agentScore({ successRate: .95, specialised, averageCompletionSeconds: 30 }, 60 s task, load .2) // 115
 */
export function agentScore(agent: AgentState, task: PlannedTask, projectedLoad: number): number {
  const score =
    100 * agent.successRate -
    50 * projectedLoad +
    (agent.specialisations.includes(task.type) ? 20 : 0) +
    (agent.averageCompletionSeconds < task.estimatedSeconds ? 10 : 0);
  return Math.round(score * 1000) / 1000;
}

function reasonOf(agent: AgentState, task: PlannedTask): RouteReason {
  if (agent.specialisations.includes(task.type)) return 'specialised';
  if (agent.successRate > 0.95) return 'high_success_rate';
  if (agent.averageCompletionSeconds < task.estimatedSeconds) return 'faster_than_estimate';
  return 'spare_capacity';
}

/**
 * Routes tasks to agents by capability and load: tasks by routing priority (higher first), then fewer dependencies
 * first, then input order; each to the eligible agent with the best {@link agentScore} (the first on ties), whose
 * projected load then grows by {@link LOAD_PER_TASK}; a task pinned to an agent (`agentId`) is routed to it alone. A task no agent may take is routed to nobody, with the reason
 * `no_eligible_agent`: it fails, it is never run. Routes come back in routing order.
 */
export function routeTasks(tasks: readonly PlannedTask[], agents: readonly AgentState[]): Route[] {
  const projected = new Map(agents.map((a) => [a.id, hundredths(a.load)]));
  const ordered = tasks
    .map((task, index) => ({ task, index }))
    .sort(
      (a, b) =>
        routingPriority(b.task.priority) - routingPriority(a.task.priority) ||
        a.task.dependencies.length - b.task.dependencies.length ||
        a.index - b.index,
    )
    .map(({ task }) => task);
  return ordered.map((task): Route => {
    let best: { agent: AgentState; score: number } | null = null;
    // A task pinned to an agent goes to that agent or to nobody.
    for (const agent of task.agentId === undefined ? agents : agents.filter((a) => a.id === task.agentId)) {
      const load = projected.get(agent.id)! / 100;
      if (!eligible(agent, task, load)) continue;
      const score = agentScore(agent, task, load);
      if (!best || score > best.score) best = { agent, score };
    }
    if (!best) return { taskId: task.id, agentId: null, reason: 'no_eligible_agent' };
    projected.set(best.agent.id, projected.get(best.agent.id)! + hundredths(LOAD_PER_TASK));
    return { taskId: task.id, agentId: best.agent.id, score: best.score, reason: reasonOf(best.agent, task) };
  });
}

/**
 * How evenly routes spread over agents: max(0, 1 − CV), CV the population standard deviation of the per-agent
 * route counts over their mean; 1 with one agent or none.
 *
 * @example loadBalance([2, 1, 1]) // 0.6464
 */
export function loadBalance(counts: readonly number[]): number {
  if (counts.length <= 1) return 1;
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  if (mean === 0) return 1;
  const variance = counts.reduce((a, c) => a + (c - mean) ** 2, 0) / counts.length;
  return Math.round(Math.max(0, 1 - Math.sqrt(variance) / mean) * 10_000) / 10_000;
}
