import { fallbackToolFor } from './fallback-tools';
import { planRecovery, simplifiedParams } from './recovery-plan';

describe(planRecovery.name, () => {
  it('CRITICAL → abort: stop, no retries', () => {
    expect(planRecovery('critical', 0, 'acquisition_specialist')).toEqual({
      severity: 'critical',
      strategy: 'abort',
      maxRetries: 0,
      stop: true,
      useSimplifiedParams: false,
      fallbackTool: null,
    });
  });

  it('HIGH before retry 2 → retry with simplified parameters (max 2)', () => {
    for (const retry of [0, 1]) {
      expect(planRecovery('high', retry)).toMatchObject({
        strategy: 'retry',
        maxRetries: 2,
        stop: false,
        useSimplifiedParams: true,
        fallbackTool: null,
      });
    }
  });

  it('HIGH from retry 2 → graceful degradation with the agent’s fallback tool', () => {
    expect(planRecovery('high', 2, 'acquisition_specialist')).toMatchObject({
      strategy: 'graceful_degradation',
      stop: false,
      fallbackTool: 'pipeline',
    });
  });

  it('MEDIUM before retry 3 → fallback tool (max 1); from retry 3 → simplified execution (max 1)', () => {
    expect(planRecovery('medium', 2, 'verification_director')).toMatchObject({
      strategy: 'fallback_tool',
      maxRetries: 1,
      useSimplifiedParams: false,
      fallbackTool: 'fact_check',
    });
    expect(planRecovery('medium', 3, 'verification_director')).toMatchObject({
      strategy: 'simplified_execution',
      maxRetries: 1,
      useSimplifiedParams: true,
      fallbackTool: null,
    });
  });

  it('LOW → simplified execution (max 1)', () => {
    expect(planRecovery('low', 0)).toMatchObject({
      severity: 'low',
      strategy: 'simplified_execution',
      maxRetries: 1,
      useSimplifiedParams: true,
    });
  });
});

describe(simplifiedParams.name, () => {
  const base = { reducedComplexity: true, skipOptionalAnalysis: true, useCachedResults: true, minimalValidation: true };

  it('has the four base flags at standard and deep', () => {
    expect([simplifiedParams('standard'), simplifiedParams('deep')]).toEqual([base, base]);
  });

  it('adds depth fall-backs at comprehensive and experimental', () => {
    expect(simplifiedParams('comprehensive')).toEqual({ ...base, fallbackToDeep: true, skipAdvancedFeatures: true });
    expect(simplifiedParams('experimental')).toEqual({
      ...base,
      fallbackToComprehensive: true,
      skipExperimentalFeatures: true,
    });
  });
});

describe(fallbackToolFor.name, () => {
  it('maps every roster agent to its stand-in tool', () => {
    const agents = [
      'acquisition_specialist',
      'analysis_cartographer',
      'verification_director',
      'risk_intelligence_analyst',
      'persona_archivist',
      'signal_recon_specialist',
      'trend_intelligence_scout',
      'knowledge_integrator',
      'research_synthesist',
      'intelligence_briefing_curator',
    ];
    expect(agents.map(fallbackToolFor)).toEqual([
      'pipeline',
      'text_analysis',
      'fact_check',
      'deception_scoring',
      'character_profile',
      'social_monitor',
      'multi_platform_monitor',
      'memory_storage',
      'research_and_brief',
      'perspective_synthesizer',
    ]);
  });

  it('accepts role names and role words inside other names; null when nothing fits', () => {
    expect(['threat', 'linguistic_analyst', 'Behavioural_Profiler'].map(fallbackToolFor)).toEqual([
      'deception_scoring',
      'text_analysis',
      'character_profile',
    ]);
    expect(['transcription_engineer', 'mission_orchestrator', '', null, 'constructor'].map(fallbackToolFor)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});
