import { resolveDependencies, type Resolution } from './dependency-resolver';
import type { Objective, PlannedTask } from './hierarchy.types';

/** Objectives of at least this priority are on a phase's critical path. */
export const CRITICAL_PRIORITY = 8;
/** The targets a plan states for the session (shares, 0–1). */
export const SUCCESS_TARGETS = {
  completion: 0.95,
  timelineAdherence: 0.9,
  resourceEfficiency: 0.85,
  quality: 0.92,
} as const;

export type RiskLevel = 'low' | 'medium' | 'high';

export interface PlanPhase {
  readonly tasks: readonly string[];
  /** floor(2k × (1 + mean priority / 10)) for k tasks: a number, never a label. */
  readonly estimatedDays: number;
  /** Its tasks of priority ≥ {@link CRITICAL_PRIORITY}. */
  readonly criticalPath: readonly string[];
}

export interface StrategicPlan {
  readonly tasks: readonly PlannedTask[];
  readonly resolution: Resolution;
  readonly phases: readonly PlanPhase[];
  readonly estimatedDays: number;
  readonly risk: RiskLevel;
  readonly targets: typeof SUCCESS_TARGETS;
}

/**
 * What is wrong with a mission's objectives, each problem naming the field: none at all, an id used twice, a
 * priority outside 1–10 or not whole, a dependency on an objective not in the list, or a task type no handler
 * takes (when `knownTypes` is given). Empty when they can be planned.
 */
export function objectiveProblems(objectives: readonly Objective[], knownTypes?: ReadonlySet<string>): string[] {
  if (objectives.length === 0) return ['objectives must not be empty'];
  const ids = new Set<string>();
  const problems: string[] = [];
  objectives.forEach((o, i) => {
    if (ids.has(o.id)) problems.push(`objectives[${i}].id ${JSON.stringify(o.id)} is used twice`);
    ids.add(o.id);
    if (!Number.isInteger(o.priority) || o.priority < 1 || o.priority > 10)
      problems.push(`objectives[${i}].priority must be a whole number from 1 to 10, got ${o.priority}`);
    if (knownTypes && !knownTypes.has(o.type))
      problems.push(`objectives[${i}].type ${JSON.stringify(o.type)} names no handler`);
  });
  objectives.forEach((o, i) => {
    for (const d of o.dependencies)
      if (!ids.has(d)) problems.push(`objectives[${i}].dependencies names an unknown objective ${JSON.stringify(d)}`);
  });
  return problems;
}

/**
 * Risk from the objectives: high with more than 3 of priority ≥ 8 or more than 5 dependency edges; medium with
 * more than 1 or more than 2; else low.
 */
export function riskLevel(objectives: readonly Objective[]): RiskLevel {
  const critical = objectives.filter((o) => o.priority >= CRITICAL_PRIORITY).length;
  const edges = objectives.reduce((n, o) => n + o.dependencies.length, 0);
  if (critical > 3 || edges > 5) return 'high';
  if (critical > 1 || edges > 2) return 'medium';
  return 'low';
}

/**
 * The plan of a session's valid objectives (see {@link objectiveProblems}): one task per objective (id
 * `<sessionId>_<objectiveId>`, its dependencies renamed alike, priority kept on the 1–10 scale), their phases from
 * the dependency order with numeric estimates, the risk and the targets. Objectives on a cycle make the resolution
 * `partial`; the caller then runs nothing.
 */
export function planSession(sessionId: string, objectives: readonly Objective[]): StrategicPlan {
  const taskId = (objectiveId: string) => `${sessionId}_${objectiveId}`;
  const tasks: PlannedTask[] = objectives.map((o) => ({
    id: taskId(o.id),
    objectiveId: o.id,
    name: o.title,
    priority: o.priority,
    type: o.type,
    dependencies: o.dependencies.map(taskId),
    estimatedSeconds: o.estimatedSeconds,
    input: o.input ?? {},
    ...(o.agentId !== undefined ? { agentId: o.agentId } : {}),
  }));
  const resolution = resolveDependencies(tasks);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const phases = resolution.phases.map((ids): PlanPhase => {
    const priorities = ids.map((id) => byId.get(id)!.priority);
    const mean = priorities.reduce((a, b) => a + b, 0) / priorities.length;
    return {
      tasks: ids,
      estimatedDays: Math.floor(2 * ids.length * (1 + mean / 10)),
      criticalPath: ids.filter((id) => byId.get(id)!.priority >= CRITICAL_PRIORITY),
    };
  });
  return {
    tasks,
    resolution,
    phases,
    estimatedDays: phases.reduce((n, p) => n + p.estimatedDays, 0),
    risk: riskLevel(objectives),
    targets: SUCCESS_TARGETS,
  };
}
