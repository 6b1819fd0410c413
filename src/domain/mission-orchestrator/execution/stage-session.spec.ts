import { newMissionRecord } from '../mission-record';
import { planMission } from '../planning/mission-plan';
import { stageAgents, stageRoles, stageSession } from './stage-session';

const record = (depth: string) =>
  newMissionRecord(planMission({ url: 'https://example.org/talk', depth }, 'm-1'), {
    tenantId: 'acme',
    workspaceId: 'news',
    requestId: 'r-1',
    createdAt: 0,
    planningCostUsd: 0,
    mode: 'hierarchical',
  });

describe('stage sessions of hierarchical missions', () => {
  it("routes each stage to the first of its agents the plan's roster has", () => {
    expect(Object.fromEntries(stageRoles(record('standard').plan))).toEqual({
      mission_planning: 'mission_orchestrator',
      acquisition: 'acquisition_specialist',
      transcription: 'acquisition_specialist',
      content_analysis: 'analysis_cartographer',
      verification: 'analysis_cartographer',
      threat_analysis: 'analysis_cartographer',
      knowledge_integration: 'analysis_cartographer',
      briefing: 'mission_orchestrator',
    });
    const experimental = stageRoles(record('experimental').plan);
    expect([
      experimental.get('transcription'),
      experimental.get('verification'),
      experimental.get('social_intelligence'),
      experimental.get('research_synthesis'),
      experimental.get('performance_analytics'),
      experimental.get('communication'),
    ]).toEqual([
      'transcription_engineer',
      'verification_director',
      'signal_recon_specialist',
      'trend_intelligence_scout',
      'performance_analyst',
      'community_liaison',
    ]);
  });

  it('chains the stages not yet done in plan order, pinned to their agents, at their priorities', () => {
    const base = record('standard');
    const m = {
      ...base,
      stages: [{ id: 'mission_planning', status: 'completed' as const, spent: {}, startedAt: 0, finishedAt: 0 }],
    };
    const session = stageSession(m, 'run-2');
    expect(session.objectives.map((o) => [o.id, o.dependencies, o.agentId, o.priority])).toEqual([
      ['acquisition', [], 'mission.acquisition_specialist', 10],
      ['transcription', ['acquisition'], 'mission.acquisition_specialist', 8],
      ['content_analysis', ['transcription'], 'mission.analysis_cartographer', 10],
      ['verification', ['content_analysis'], 'mission.analysis_cartographer', 8],
      ['threat_analysis', ['verification'], 'mission.analysis_cartographer', 8],
      ['knowledge_integration', ['threat_analysis'], 'mission.analysis_cartographer', 8],
      ['briefing', ['knowledge_integration'], 'mission.mission_orchestrator', 8],
    ]);
    expect(session.objectives[0]).toMatchObject({
      type: 'mission_stage',
      input: { missionId: 'm-1', runId: 'run-2', stage: 'acquisition' },
    });
    // The standard depth's 15 minutes are the session's wall-clock limit.
    expect(session.limits).toEqual({ maxSessionMs: 900_000 });
    expect(stageAgents(m)).toEqual([
      { agentId: 'mission.mission_orchestrator', role: 'mission_orchestrator', capabilities: ['mission_stage'] },
      { agentId: 'mission.acquisition_specialist', role: 'acquisition_specialist', capabilities: ['mission_stage'] },
      { agentId: 'mission.analysis_cartographer', role: 'analysis_cartographer', capabilities: ['mission_stage'] },
    ]);
  });
});
