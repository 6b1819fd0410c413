import { CAPABILITIES, PLANNED_STAGES, estimateDuration, plannedStages } from './planning';

const names = (depth: string) => plannedStages(depth).map((stage) => stage.name);

describe('planning', () => {
  it('A11 plans 8/12/14/14 stages and estimates 3/8/15/25/5 minutes', () => {
    expect(['standard', 'deep', 'comprehensive', 'experimental'].map((depth) => plannedStages(depth).length)).toEqual([
      8, 12, 14, 14,
    ]);
    expect(
      ['standard', 'deep', 'comprehensive', 'experimental', 'quick'].map((depth) => estimateDuration(depth).minutes),
    ).toEqual([3, 8, 15, 25, 5]);
  });

  describe('CAPABILITIES', () => {
    it('lists 15 distinct capability ids', () => {
      expect(new Set(CAPABILITIES).size).toBe(15);
      expect([CAPABILITIES[0], CAPABILITIES[14]]).toEqual([
        'multi_platform_content_acquisition',
        'community_liaison_communication',
      ]);
    });
  });

  describe(estimateDuration.name, () => {
    it('returns the ±20% interval and the three factors', () => {
      expect(estimateDuration('deep')).toEqual({
        minutes: 8,
        interval: '±20%',
        factors: ['content_complexity', 'network_latency', 'ai_model_response_times'],
      });
    });

    it('returns 5 minutes for unknown text, including non-canonical spellings and prototype keys', () => {
      expect(
        ['', 'Deep', 'shallow', 'constructor', 'toString'].map((depth) => estimateDuration(depth).minutes),
      ).toEqual([5, 5, 5, 5, 5]);
    });
  });

  describe(plannedStages.name, () => {
    it('keeps the critical and high stages in plan order for standard', () => {
      expect(names('standard')).toEqual([
        'Mission Planning',
        'Content Acquisition',
        'Transcription Analysis',
        'Content Analysis',
        'Information Verification',
        'Threat Analysis',
        'Knowledge Integration',
        'Intelligence Briefing',
      ]);
    });

    it('adds the four medium stages for deep', () => {
      expect(names('deep').filter((name) => !names('standard').includes(name))).toEqual([
        'Social Intelligence',
        'Behavioral Profiling',
        'Research Synthesis',
        'Communication Reporting',
      ]);
    });

    it('adds the two low stages for comprehensive and experimental', () => {
      expect(names('comprehensive').filter((name) => !names('deep').includes(name))).toEqual([
        'Performance Analytics',
        'Quality Assessment',
      ]);
      expect(plannedStages('experimental')).toEqual(PLANNED_STAGES);
    });

    it('plans unknown text like standard', () => {
      expect([names('quick'), names('COMPREHENSIVE'), names('constructor')]).toEqual([
        names('standard'),
        names('standard'),
        names('standard'),
      ]);
    });

    it('maps each stage to its agent and priority', () => {
      expect(PLANNED_STAGES.map((s) => `${s.name} → ${s.agent} (${s.priority})`)).toEqual([
        'Mission Planning → mission_orchestrator (critical)',
        'Content Acquisition → acquisition_specialist (critical)',
        'Transcription Analysis → transcription_engineer (high)',
        'Content Analysis → analysis_cartographer (critical)',
        'Information Verification → verification_director (high)',
        'Threat Analysis → risk_intelligence_analyst (high)',
        'Social Intelligence → signal_recon_specialist (medium)',
        'Behavioral Profiling → persona_archivist (medium)',
        'Knowledge Integration → knowledge_integrator (high)',
        'Research Synthesis → research_synthesist (medium)',
        'Performance Analytics → system_reliability_officer (low)',
        'Quality Assessment → intelligence_briefing_curator (low)',
        'Intelligence Briefing → intelligence_briefing_curator (high)',
        'Communication Reporting → community_liaison (medium)',
      ]);
    });
  });
});
