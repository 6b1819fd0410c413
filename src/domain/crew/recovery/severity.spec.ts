import { classifySeverity, isCriticalFailure } from './severity';

const err = (message: string, name?: string) => ({ message, name });

describe(classifySeverity.name, () => {
  it('CRITICAL for out-of-memory and system errors, whatever the stage or retry', () => {
    expect(classifySeverity(err('boom', 'MemoryError'), 'ai_enhanced_quality_assessment', 0)).toBe('critical');
    expect(classifySeverity(err('FATAL ERROR: JavaScript heap out of memory'), 'content_analysis', 0)).toBe('critical');
    expect(classifySeverity(err('spawn failed: ENOMEM'), 'social_intelligence', 5)).toBe('critical');
    expect(classifySeverity(err('x', 'SystemError'), 'content_acquisition', 0)).toBe('critical');
  });

  it('HIGH for content_acquisition and mission_coordination, or from the third retry on', () => {
    expect(classifySeverity(err('timeout'), 'content_acquisition', 0)).toBe('high');
    expect(classifySeverity(err('timeout'), 'mission_coordination', 1)).toBe('high');
    expect(classifySeverity(err('timeout'), 'social_intelligence', 3)).toBe('high');
    expect(classifySeverity(err('timeout'), 'advanced_pattern_recognition', 3)).toBe('high');
  });

  it('MEDIUM for content_analysis, information_verification and threat_analysis, or at retry 2', () => {
    expect(
      ['content_analysis', 'information_verification', 'threat_analysis'].map((s) => classifySeverity(err('x'), s, 0)),
    ).toEqual(['medium', 'medium', 'medium']);
    expect(classifySeverity(err('x'), 'ai_enhanced_quality_assessment', 2)).toBe('medium');
  });

  it('LOW for the experimental quality-assessment and pattern-recognition stages before retry 2', () => {
    expect(classifySeverity(err('x'), 'ai_enhanced_quality_assessment', 0)).toBe('low');
    expect(classifySeverity(err('x'), 'advanced_pattern_recognition', 1)).toBe('low');
  });

  it('MEDIUM by default', () => {
    expect(classifySeverity(err('x'), 'social_intelligence', 0)).toBe('medium');
  });
});

describe(isCriticalFailure.name, () => {
  it('does not mistake ordinary errors for critical ones', () => {
    expect([isCriticalFailure(err('memory store unavailable')), isCriticalFailure(err('x', 'TypeError'))]).toEqual([
      false,
      false,
    ]);
  });
});
