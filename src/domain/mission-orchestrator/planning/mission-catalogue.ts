/**
 * The deterministic catalogues a mission plan is built from: the fourteen stages of the content-intelligence
 * workflow with their priority, which of them each depth runs, its budget limits, resources, duration and roster.
 */

export const MISSION_DEPTHS = ['standard', 'deep', 'comprehensive', 'experimental'] as const;
export type MissionDepth = (typeof MISSION_DEPTHS)[number];

export type StagePriority = 'critical' | 'high' | 'medium' | 'low';

/** The stages in workflow order, each with its priority. */
export const MISSION_STAGES: readonly { readonly id: string; readonly priority: StagePriority }[] = [
  { id: 'mission_planning', priority: 'critical' },
  { id: 'acquisition', priority: 'critical' },
  { id: 'transcription', priority: 'high' },
  { id: 'content_analysis', priority: 'critical' },
  { id: 'verification', priority: 'high' },
  { id: 'threat_analysis', priority: 'high' },
  { id: 'social_intelligence', priority: 'medium' },
  { id: 'behavioural_profiling', priority: 'medium' },
  { id: 'knowledge_integration', priority: 'high' },
  { id: 'research_synthesis', priority: 'medium' },
  { id: 'performance_analytics', priority: 'low' },
  { id: 'quality_assessment', priority: 'low' },
  { id: 'briefing', priority: 'high' },
  { id: 'communication', priority: 'medium' },
];

/** The priorities each depth runs: standard the critical and high stages (8), deep adds medium (12), deeper all (14). */
export const DEPTH_PRIORITIES: Readonly<Record<MissionDepth, readonly StagePriority[]>> = {
  standard: ['critical', 'high'],
  deep: ['critical', 'high', 'medium'],
  comprehensive: ['critical', 'high', 'medium', 'low'],
  experimental: ['critical', 'high', 'medium', 'low'],
};

export interface MissionBudget {
  readonly agents: number;
  readonly toolCalls: number;
  readonly iterations: number;
  readonly costUsd: number;
  readonly minutes: number;
  readonly memoryMb: number;
}

export const MISSION_BUDGETS: Readonly<Record<MissionDepth, MissionBudget>> = {
  standard: { agents: 5, toolCalls: 10, iterations: 3, costUsd: 1, minutes: 15, memoryMb: 512 },
  deep: { agents: 8, toolCalls: 20, iterations: 5, costUsd: 3, minutes: 30, memoryMb: 1024 },
  comprehensive: { agents: 11, toolCalls: 30, iterations: 7, costUsd: 5, minutes: 45, memoryMb: 2048 },
  experimental: { agents: 15, toolCalls: 50, iterations: 10, costUsd: 10, minutes: 60, memoryMb: 4096 },
};

export interface MissionResources {
  readonly cpus: number;
  readonly ramGb: number;
  readonly diskGb: number;
  readonly gpu: boolean;
}

export const MISSION_RESOURCES: Readonly<Record<MissionDepth, MissionResources>> = {
  standard: { cpus: 2, ramGb: 4, diskGb: 10, gpu: false },
  deep: { cpus: 4, ramGb: 8, diskGb: 20, gpu: false },
  comprehensive: { cpus: 6, ramGb: 16, diskGb: 30, gpu: true },
  experimental: { cpus: 8, ramGb: 32, diskGb: 50, gpu: true },
};

/** Minutes a mission of each depth is expected to take (± 20 %). */
export const MISSION_MINUTES: Readonly<Record<MissionDepth, number>> = {
  standard: 3,
  deep: 8,
  comprehensive: 15,
  experimental: 25,
};

const STANDARD_ROSTER = ['mission_orchestrator', 'acquisition_specialist', 'analysis_cartographer'];
const DEEP_ROSTER = [...STANDARD_ROSTER, 'verification_director', 'knowledge_integrator'];
const COMPREHENSIVE_ROSTER = [...DEEP_ROSTER, 'persona_archivist', 'signal_recon_specialist', 'community_liaison'];

/** The agents each depth brings, the mission orchestrator always first; each depth adds to the one below. */
export const MISSION_ROSTERS: Readonly<Record<MissionDepth, readonly string[]>> = {
  standard: STANDARD_ROSTER,
  deep: DEEP_ROSTER,
  comprehensive: COMPREHENSIVE_ROSTER,
  experimental: [...COMPREHENSIVE_ROSTER, 'transcription_engineer', 'trend_intelligence_scout', 'performance_analyst'],
};
