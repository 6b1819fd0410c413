/** The 15 capabilities the autonomous orchestrator advertises (ids as the original names them). */
export const CAPABILITIES = [
  'multi_platform_content_acquisition',
  'advanced_transcription_indexing',
  'comprehensive_linguistic_analysis',
  'multi_source_fact_verification',
  'advanced_threat_deception_analysis',
  'cross_platform_social_intelligence',
  'behavioral_profiling_persona_analysis',
  'multi_layer_knowledge_integration',
  'research_synthesis_context_building',
  'predictive_performance_analytics',
  'ai_enhanced_quality_assessment',
  'intelligence_briefing_curation',
  'autonomous_learning_adaptation',
  'real_time_monitoring_alerts',
  'community_liaison_communication',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** An advisory run-time estimate (never enforced). */
export interface DurationEstimate {
  readonly minutes: number;
  readonly interval: '±20%';
  readonly factors: readonly string[];
}

// Maps, not object literals, so text such as `constructor` cannot hit a prototype key.
const MINUTES: ReadonlyMap<string, number> = new Map<string, number>([
  ['standard', 3],
  ['deep', 8],
  ['comprehensive', 15],
  ['experimental', 25],
]);
const DURATION_FACTORS = ['content_complexity', 'network_latency', 'ai_model_response_times'] as const;

/**
 * Estimated minutes for a depth: standard 3, deep 8, comprehensive 15, experimental 25, any other text 5.
 * The depth is matched exactly (pass a canonical depth); nothing enforces the estimate.
 */
export function estimateDuration(depth: string): DurationEstimate {
  return { minutes: MINUTES.get(depth) ?? 5, interval: '±20%', factors: DURATION_FACTORS };
}

/** Stage priorities, highest first. */
export const STAGE_PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type StagePriority = (typeof STAGE_PRIORITIES)[number];

/** One stage of the advisory plan, with the agent that owns it. */
export interface PlannedStage {
  readonly name: string;
  readonly agent: string;
  readonly priority: StagePriority;
}

/** All 14 stages in plan order. Quality Assessment and Intelligence Briefing share an agent. */
export const PLANNED_STAGES: readonly PlannedStage[] = [
  { name: 'Mission Planning', agent: 'mission_orchestrator', priority: 'critical' },
  { name: 'Content Acquisition', agent: 'acquisition_specialist', priority: 'critical' },
  { name: 'Transcription Analysis', agent: 'transcription_engineer', priority: 'high' },
  { name: 'Content Analysis', agent: 'analysis_cartographer', priority: 'critical' },
  { name: 'Information Verification', agent: 'verification_director', priority: 'high' },
  { name: 'Threat Analysis', agent: 'risk_intelligence_analyst', priority: 'high' },
  { name: 'Social Intelligence', agent: 'signal_recon_specialist', priority: 'medium' },
  { name: 'Behavioral Profiling', agent: 'persona_archivist', priority: 'medium' },
  { name: 'Knowledge Integration', agent: 'knowledge_integrator', priority: 'high' },
  { name: 'Research Synthesis', agent: 'research_synthesist', priority: 'medium' },
  { name: 'Performance Analytics', agent: 'system_reliability_officer', priority: 'low' },
  { name: 'Quality Assessment', agent: 'intelligence_briefing_curator', priority: 'low' },
  { name: 'Intelligence Briefing', agent: 'intelligence_briefing_curator', priority: 'high' },
  { name: 'Communication Reporting', agent: 'community_liaison', priority: 'medium' },
];

/** The lowest priority each depth keeps; any other text plans like standard. */
const LOWEST_KEPT: ReadonlyMap<string, StagePriority> = new Map<string, StagePriority>([
  ['standard', 'high'],
  ['deep', 'medium'],
  ['comprehensive', 'low'],
  ['experimental', 'low'],
]);

/**
 * The stages planned for a depth, in plan order: standard keeps critical and high (8 stages — the
 * original's docstring says 7, the table gives 8), deep adds medium (12), comprehensive and experimental keep all 14.
 * The depth is matched exactly; unknown text plans like standard.
 */
export function plannedStages(depth: string): PlannedStage[] {
  const lowest = STAGE_PRIORITIES.indexOf(LOWEST_KEPT.get(depth) ?? 'high');
  return PLANNED_STAGES.filter((stage) => STAGE_PRIORITIES.indexOf(stage.priority) <= lowest);
}
