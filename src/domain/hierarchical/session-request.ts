import type { CreateSessionDto, ObjectiveDto } from './hierarchy.dto';
import type { CreateSession } from './hierarchy.service';
import type { Objective } from './planning/hierarchy.types';

/** An objective with its defaults: id `obj_<index>`, title its id, priority 5, 60 s, no dependencies, empty input. */
export function objectiveOf(o: ObjectiveDto, index: number): Objective {
  const id = o.id ?? `obj_${index}`;
  return {
    id,
    title: o.title ?? id,
    priority: o.priority ?? 5,
    dependencies: o.dependencies ?? [],
    type: o.type,
    estimatedSeconds: o.estimatedSeconds ?? 60,
    successCriteria: o.successCriteria ?? [],
    input: { ...(o.input ?? {}) },
    ...(o.agentId !== undefined ? { agentId: o.agentId } : {}),
  };
}

/** The service's request from a validated body (REST, GraphQL or the orchestrator's input). */
export function sessionRequestOf(body: CreateSessionDto): CreateSession {
  return {
    mission: { name: body.mission.name.trim(), context: { ...(body.mission.context ?? {}) } },
    objectives: body.objectives.map(objectiveOf),
    limits: { ...(body.limits ?? {}) },
  };
}
