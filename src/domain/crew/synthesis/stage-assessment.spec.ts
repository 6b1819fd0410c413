import {
  gradeScore,
  multiModalGrade,
  stageCompleteness,
  stageConfidence,
  stageQuality,
  stageSucceeded,
  type GradeComponents,
} from './stage-assessment';

describe(stageQuality.name, () => {
  it('is .7 × the depth factor (standard .8, deep 1, comprehensive 1.2, experimental 1.3)', () => {
    expect(
      (['standard', 'deep', 'comprehensive', 'experimental'] as const).map((d) => stageQuality({ a: 1 }, d)),
    ).toEqual([0.56, 0.7, 0.84, 0.91]);
  });

  it('applies ×.6 degraded, ×.8 recovery applied, ×1.2 crew analysis, ×1.1 enhanced workflow, capped at 1', () => {
    expect(stageQuality({ degradedExecution: true }, 'deep')).toBe(0.42);
    expect(stageQuality({ recoveryApplied: true }, 'deep')).toBe(0.56);
    expect(stageQuality({ crewAnalysis: { agents: 2 } }, 'deep')).toBe(0.84);
    expect(stageQuality({ enhancedWorkflow: true }, 'deep')).toBe(0.77);
    expect(
      stageQuality(
        { degradedExecution: true, recoveryApplied: true, crewAnalysis: 'x', enhancedWorkflow: true },
        'deep',
      ),
    ).toBe(0.444);
    expect(stageQuality({ crewAnalysis: 'x', enhancedWorkflow: true }, 'experimental')).toBe(1);
  });

  it('scores an empty stage .1; an empty crew analysis earns no bonus', () => {
    expect([stageQuality({}, 'experimental'), stageQuality({ crewAnalysis: {} }, 'deep')]).toEqual([0.1, 0.7]);
  });
});

describe(stageConfidence.name, () => {
  it('takes an explicit confidence level first (clamped), then verified .9, manual review .4, degraded .5, else .7', () => {
    expect(stageConfidence({ confidenceLevel: 0.3, verified: true })).toBe(0.3);
    expect(stageConfidence({ confidenceLevel: 1.5 })).toBe(1);
    expect(stageConfidence({ verified: true, requiresManualReview: true })).toBe(0.9);
    expect(stageConfidence({ requiresManualReview: true, degradedExecution: true })).toBe(0.4);
    expect(stageConfidence({ degradedExecution: true })).toBe(0.5);
    expect([stageConfidence({ a: 1 }), stageConfidence({})]).toEqual([0.7, 0.7]);
  });
});

describe(stageCompleteness.name, () => {
  it('is non-null fields / 10, capped at 1', () => {
    const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]));
    expect([
      stageCompleteness(fields(10)),
      stageCompleteness(fields(12)),
      stageCompleteness({ a: 1, b: null, c: 'x', d: undefined }),
      stageCompleteness({}),
    ]).toEqual([1, 1, 0.2, 0]);
  });
});

describe(stageSucceeded.name, () => {
  it('needs data and no error', () => {
    expect(
      [{ a: 1 }, {}, { error: 'x' }, { status: 'error', a: 1 }, { error: null, a: 1 }, { status: 'ok' }].map(
        stageSucceeded,
      ),
    ).toEqual([true, false, false, false, true, true]);
  });
});

describe(gradeScore.name, () => {
  const c = (
    averageQuality: number,
    averageConfidence: number,
    successRate: number,
    averageCompleteness: number,
    depth: GradeComponents['depth'],
  ) => gradeScore({ averageQuality, averageConfidence, successRate, averageCompleteness, depth });

  it('A16: grade boundaries .9/.7/.5/.3 are reached exactly with the depth bonus (0/.05/.10/.15)', () => {
    // base .85 / .80 / .75 reach .9 with deep / comprehensive / experimental
    expect(
      [c(0.75, 1, 1, 0.5, 'deep'), c(0.5, 1, 1, 1, 'comprehensive'), c(0.5, 1, 1, 0.5, 'experimental')].map(
        multiModalGrade,
      ),
    ).toEqual(['excellent', 'excellent', 'excellent']);
    expect(
      [c(0.75, 1, 1, 0.5, 'standard'), c(0.5, 1, 1, 1, 'deep'), c(0.5, 1, 1, 0.5, 'comprehensive')].map(
        multiModalGrade,
      ),
    ).toEqual(['good', 'good', 'good']);
    // base .65 + .05 = .7 good; without bonus satisfactory
    expect([c(0.5, 0.5, 1, 1, 'deep'), c(0.5, 0.5, 1, 1, 'standard')]).toEqual([0.7, 0.65]);
    expect([c(0.5, 0.5, 1, 1, 'deep'), c(0.5, 0.5, 1, 1, 'standard')].map(multiModalGrade)).toEqual([
      'good',
      'satisfactory',
    ]);
    // base .40 + .10 = .5 satisfactory; + .05 = .45 limited
    expect([c(0.5, 0, 1, 0, 'comprehensive'), c(0.5, 0, 1, 0, 'deep')].map(multiModalGrade)).toEqual([
      'satisfactory',
      'limited',
    ]);
    // base .25 + .05 = .3 limited; standard .25 poor; base .15 + .15 = .3 limited
    expect(
      [c(0.25, 0.5, 0, 0, 'deep'), c(0.25, 0.5, 0, 0, 'standard'), c(0, 0.5, 0, 0, 'experimental')].map(
        multiModalGrade,
      ),
    ).toEqual(['limited', 'poor', 'limited']);
  });

  it('A16: weights .4/.3/.2/.1 and a cap at 1', () => {
    expect([
      c(1, 0, 0, 0, 'standard'),
      c(0, 1, 0, 0, 'standard'),
      c(0, 0, 1, 0, 'standard'),
      c(0, 0, 0, 1, 'standard'),
    ]).toEqual([0.4, 0.3, 0.2, 0.1]);
    expect(c(1, 1, 1, 1, 'experimental')).toBe(1);
  });
});

describe(multiModalGrade.name, () => {
  it('A16: ≥ .9 excellent, ≥ .7 good, ≥ .5 satisfactory, ≥ .3 limited, else poor', () => {
    expect([0.9, 0.899, 0.7, 0.699, 0.5, 0.499, 0.3, 0.299, 0].map(multiModalGrade)).toEqual([
      'excellent',
      'good',
      'good',
      'satisfactory',
      'satisfactory',
      'limited',
      'limited',
      'poor',
      'poor',
    ]);
  });
});
