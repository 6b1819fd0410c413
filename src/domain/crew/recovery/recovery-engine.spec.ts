import { decideAfterFailedResult, decideAfterThrow } from './recovery-engine';

const ctx = (stage: string, retryCount: number, agent?: string) => ({
  stage,
  agent,
  depth: 'standard' as const,
  retryCount,
});

describe(decideAfterFailedResult.name, () => {
  it('retries a failed result after 0.5·n s (n = retry number) up to 3 retries, then stops', () => {
    expect([0, 1, 2].map((r) => decideAfterFailedResult(ctx('content_analysis', r)))).toEqual([
      { action: 'retry', delayMs: 500, params: {}, plan: null },
      { action: 'retry', delayMs: 1000, params: {}, plan: null },
      { action: 'retry', delayMs: 1500, params: {}, plan: null },
    ]);
    expect(decideAfterFailedResult(ctx('content_analysis', 3))).toEqual({
      action: 'stop',
      reason: 'retries_exhausted',
      plan: null,
    });
  });
});

describe(decideAfterThrow.name, () => {
  it('CRITICAL: stops at once (abort)', () => {
    expect(decideAfterThrow({ message: 'heap out of memory' }, ctx('content_analysis', 0))).toMatchObject({
      action: 'stop',
      reason: 'abort',
      plan: { severity: 'critical' },
    });
  });

  it('HIGH: retries twice at once with simplified parameters for the depth, then degrades gracefully', () => {
    const experimental = { ...ctx('content_acquisition', 0, 'acquisition_specialist'), depth: 'experimental' as const };
    expect(decideAfterThrow({ message: 'timeout' }, experimental)).toMatchObject({
      action: 'retry',
      delayMs: 0,
      params: {
        reducedComplexity: true,
        skipOptionalAnalysis: true,
        useCachedResults: true,
        minimalValidation: true,
        fallbackToComprehensive: true,
        skipExperimentalFeatures: true,
      },
      plan: { severity: 'high', strategy: 'retry' },
    });
    expect(decideAfterThrow({ message: 'timeout' }, ctx('content_acquisition', 1))).toMatchObject({
      action: 'retry',
      plan: { strategy: 'retry' },
    });
    expect(
      decideAfterThrow({ message: 'timeout' }, ctx('content_acquisition', 2, 'acquisition_specialist')),
    ).toMatchObject({
      action: 'degrade',
      output: {
        degradedExecution: true,
        degradationLevel: 'partial',
        fallbackTool: 'pipeline',
        stage: 'content_acquisition',
        error: 'timeout',
      },
    });
  });

  it('HIGH without a fallback tool degrades to the minimal level', () => {
    expect(decideAfterThrow({ message: 'x' }, ctx('mission_coordination', 2, 'mission_orchestrator'))).toMatchObject({
      action: 'degrade',
      output: { degradationLevel: 'minimal', fallbackTool: null },
    });
  });

  it('MEDIUM: one retry with the fallback tool, then stop with the interim result', () => {
    expect(decideAfterThrow({ message: 'x' }, ctx('information_verification', 0, 'verification_director'))).toEqual(
      expect.objectContaining({ action: 'retry', delayMs: 0, params: { fallbackTool: 'fact_check' } }),
    );
    expect(
      decideAfterThrow({ message: 'x' }, ctx('information_verification', 1, 'verification_director')),
    ).toMatchObject({
      action: 'stop',
      reason: 'retries_exhausted',
      plan: { severity: 'medium', strategy: 'fallback_tool' },
    });
  });

  it('LOW: one simplified retry, then stop', () => {
    expect(decideAfterThrow({ message: 'x' }, ctx('advanced_pattern_recognition', 0))).toMatchObject({
      action: 'retry',
      params: { reducedComplexity: true },
      plan: { severity: 'low', strategy: 'simplified_execution' },
    });
    expect(decideAfterThrow({ message: 'x' }, ctx('advanced_pattern_recognition', 1))).toMatchObject({
      action: 'stop',
      reason: 'retries_exhausted',
    });
  });
});
