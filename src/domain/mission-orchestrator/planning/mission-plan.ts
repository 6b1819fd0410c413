import {
  DEPTH_PRIORITIES,
  MISSION_BUDGETS,
  MISSION_DEPTHS,
  MISSION_MINUTES,
  MISSION_RESOURCES,
  MISSION_ROSTERS,
  MISSION_STAGES,
  type MissionBudget,
  type MissionDepth,
  type MissionResources,
  type StagePriority,
} from './mission-catalogue';

export interface MissionRequest {
  readonly url: string;
  /** One of the mission depths; anything else plans a standard mission and says so. */
  readonly depth: string;
}

/** Who made a plan: the rules of the depth catalogues, or the LLM (validated against them); what planning cost. */
export interface PlannerInfo {
  readonly kind: 'rules' | 'llm';
  /** The model that answered, when the LLM made the plan. */
  readonly model?: string;
  /** Dollars the LLM calls of this planning cost (also when their plan was refused); charged to the mission. */
  readonly costUsd: number;
}

export interface MissionPlan {
  readonly missionId: string;
  readonly url: string;
  readonly depth: MissionDepth;
  readonly stages: readonly { readonly id: string; readonly priority: StagePriority }[];
  readonly roster: readonly string[];
  readonly budget: MissionBudget;
  readonly resources: MissionResources;
  /** Minutes, with the ± 20 % range. */
  readonly duration: { readonly minutes: number; readonly low: number; readonly high: number };
  readonly risks: readonly string[];
  readonly successCriteria: readonly string[];
  /** Why the plan is as it is, in the order the decisions were made. */
  readonly decisionsLog: readonly string[];
  readonly planner: PlannerInfo;
}

export const isDepth = (d: string): d is MissionDepth => (MISSION_DEPTHS as readonly string[]).includes(d);

/**
 * The rule-based mission plan: the depth's stages in workflow order (8 standard, 12 deep, 14 deeper), roster,
 * budget, resources and duration from the catalogues; risks (an unknown depth defaulted to standard; a GPU needed
 * from comprehensive); the success criteria; and the decisions taken.
 */
export function planMission(request: MissionRequest, missionId: string): MissionPlan {
  const asked = request.depth.trim().toLowerCase();
  const depth: MissionDepth = isDepth(asked) ? asked : 'standard';
  const decisionsLog = [
    isDepth(asked)
      ? `depth ${depth} as asked`
      : `depth ${JSON.stringify(request.depth)} is unknown: planned as standard`,
    `stages of priority ${DEPTH_PRIORITIES[depth].join(', ')}`,
    'the content pipeline runs first: every other stage reads its transcript',
  ];
  const risks: string[] = [];
  if (!isDepth(asked)) risks.push(`unknown depth ${JSON.stringify(request.depth)}: defaulted to standard`);
  if (MISSION_RESOURCES[depth].gpu) risks.push(`${depth} depth needs a GPU for its media stages`);
  const minutes = MISSION_MINUTES[depth];
  return {
    missionId,
    url: request.url,
    depth,
    stages: MISSION_STAGES.filter((s) => DEPTH_PRIORITIES[depth].includes(s.priority)),
    roster: MISSION_ROSTERS[depth],
    budget: MISSION_BUDGETS[depth],
    resources: MISSION_RESOURCES[depth],
    duration: { minutes, low: Math.round(minutes * 0.8 * 10) / 10, high: Math.round(minutes * 1.2 * 10) / 10 },
    risks,
    successCriteria: [
      'every stage completed, or skipped or failed with its reason recorded',
      'spend within the depth budget on every resource',
      'a briefing delivered from the acquired content',
    ],
    decisionsLog,
    planner: { kind: 'rules', costUsd: 0 },
  };
}

/** The agent a task goes to when no specialist is mapped for its type, or when it is critical: the orchestrator. */
export function missionRoute(
  taskType: string,
  urgency: 'low' | 'normal' | 'high' | 'critical',
  specialists: ReadonlyMap<string, string>,
): string {
  if (urgency === 'critical') return 'mission_orchestrator';
  return specialists.get(taskType) ?? 'mission_orchestrator';
}
