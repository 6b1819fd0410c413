/** Agent role → the local tool that can stand in for it. Tool ids are ours. */
export const FALLBACK_TOOLS = {
  acquisition: 'pipeline',
  linguistic: 'text_analysis',
  verification: 'fact_check',
  threat: 'deception_scoring',
  behavioral: 'character_profile',
  social: 'social_monitor',
  trend: 'multi_platform_monitor',
  knowledge: 'memory_storage',
  research: 'research_and_brief',
  briefing: 'perspective_synthesizer',
} as const;
export type AgentRole = keyof typeof FALLBACK_TOOLS;
export type FallbackTool = (typeof FALLBACK_TOOLS)[AgentRole];

/** The roster's agent names → their role. */
export const AGENT_ROLES: Readonly<Record<string, AgentRole>> = {
  acquisition_specialist: 'acquisition',
  analysis_cartographer: 'linguistic',
  verification_director: 'verification',
  risk_intelligence_analyst: 'threat',
  persona_archivist: 'behavioral',
  signal_recon_specialist: 'social',
  trend_intelligence_scout: 'trend',
  knowledge_integrator: 'knowledge',
  research_synthesist: 'research',
  intelligence_briefing_curator: 'briefing',
};

const ROLES = Object.keys(FALLBACK_TOOLS) as AgentRole[];

/**
 * The fallback tool for an agent: by role (`threat`), by roster name (`risk_intelligence_analyst`), or by a role
 * word inside the name (`linguistic_analyst`, British `behavioural_…`); null when none applies (e.g. the
 * transcription engineer or mission orchestrator, for which the original has no fallback).
 */
export function fallbackToolFor(agent: string | null | undefined): FallbackTool | null {
  const name = (agent ?? '').trim().toLowerCase().replace('behavioural', 'behavioral');
  if (!name) return null;
  const role =
    ROLES.find((r) => r === name) ??
    (Object.hasOwn(AGENT_ROLES, name) ? AGENT_ROLES[name] : undefined) ??
    ROLES.find((r) => name.includes(r));
  return role ? FALLBACK_TOOLS[role] : null;
}
