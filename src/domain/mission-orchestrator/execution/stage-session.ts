import type { MissionRecord } from '../mission.types';
import type { StagePriority } from '../planning/mission-catalogue';
import type { MissionPlan } from '../planning/mission-plan';
import { isDone } from './checkpoint';

/** The hierarchy task type that runs one stage of a mission's run. */
export const MISSION_STAGE_TASK = 'mission_stage';

/**
 * The roster agents each stage may go to, best first: a stage goes to the first of them the plan's roster has, and
 * to the roster's first agent (the mission orchestrator in the catalogue rosters) when it has none of them.
 */
export const STAGE_ROLES: Readonly<Record<string, readonly string[]>> = {
  mission_planning: ['mission_orchestrator'],
  acquisition: ['acquisition_specialist'],
  transcription: ['transcription_engineer', 'acquisition_specialist'],
  content_analysis: ['analysis_cartographer'],
  verification: ['verification_director', 'analysis_cartographer'],
  threat_analysis: ['verification_director', 'analysis_cartographer'],
  social_intelligence: ['signal_recon_specialist', 'community_liaison', 'analysis_cartographer'],
  behavioural_profiling: ['persona_archivist', 'analysis_cartographer'],
  knowledge_integration: ['knowledge_integrator', 'analysis_cartographer'],
  research_synthesis: ['trend_intelligence_scout', 'knowledge_integrator', 'analysis_cartographer'],
  performance_analytics: ['performance_analyst', 'analysis_cartographer'],
  quality_assessment: ['verification_director', 'analysis_cartographer'],
  briefing: ['mission_orchestrator'],
  communication: ['community_liaison', 'mission_orchestrator'],
};

/** Hierarchy priorities (1–10) of the stage priorities. */
const TASK_PRIORITY: Readonly<Record<StagePriority, number>> = { critical: 10, high: 8, medium: 5, low: 3 };

/** The id a roster role is registered under as a hierarchy agent of the tenant. */
export const missionAgentId = (role: string): string => `mission.${role}`;

/** The roster role each of the plan's stages goes to, in plan order. */
export function stageRoles(plan: MissionPlan): Map<string, string> {
  const roster = new Set(plan.roster);
  const fallback = plan.roster[0] ?? 'mission_orchestrator';
  return new Map(
    plan.stages.map((s) => [s.id, (STAGE_ROLES[s.id] ?? []).find((role) => roster.has(role)) ?? fallback]),
  );
}

/** What a `mission_stage` task is given: the mission, the run it belongs to and the stage. */
export interface StageTaskInput {
  readonly missionId: string;
  readonly runId: string;
  readonly stage: string;
}

/**
 * The `hierarchical` session request of a run: one `mission_stage` task per stage the mission has not done, each
 * depending on the one before it (plan order: every stage reads what the earlier ones made), pinned to its roster
 * agent, at the stage's priority; the session's wall-clock limit is the plan's minutes.
 */
export function stageSession(record: MissionRecord, runId: string) {
  const roles = stageRoles(record.plan);
  const left = record.plan.stages.filter((s) => !isDone(record, s.id));
  return {
    mission: {
      name: `mission ${record.missionId}: ${record.depth} analysis of ${record.url}`.slice(0, 200),
      context: { missionId: record.missionId, runId, url: record.url, depth: record.depth },
    },
    objectives: left.map((s, i) => ({
      id: s.id,
      title: s.id.replace(/_/g, ' '),
      type: MISSION_STAGE_TASK,
      priority: TASK_PRIORITY[s.priority],
      dependencies: i === 0 ? [] : [left[i - 1].id],
      input: { missionId: record.missionId, runId, stage: s.id } satisfies StageTaskInput,
      agentId: missionAgentId(roles.get(s.id)!),
    })),
    limits: { maxSessionMs: Math.max(1_000, record.plan.budget.minutes * 60_000) },
  };
}

/** The agents a run's session needs: one per roster role its stages go to. */
export function stageAgents(record: MissionRecord) {
  const roles = [...new Set(stageRoles(record.plan).values())];
  return roles.map((role) => ({
    agentId: missionAgentId(role),
    role,
    capabilities: [MISSION_STAGE_TASK],
  }));
}
