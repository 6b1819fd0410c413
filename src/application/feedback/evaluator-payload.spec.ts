import { buildEvaluatorPayload } from './evaluator-payload';

describe(buildEvaluatorPayload.name, () => {
  it('A15 #11: derives every missing score and the confidence from the accuracy alone', () => {
    const result = buildEvaluatorPayload({ accuracy_score: 0.8 });
    if (!result.ok) throw new Error('expected a payload');
    const p = result.payload;
    expect(p.accuracy_score).toBe(0.8);
    expect(p.efficiency_score).toBe(0.8);
    expect(p.error_handling_score).toBe(0.8);
    expect(p.overall_score).toBeCloseTo(0.8, 9);
    expect(p.confidence).toBe(0.8);
    expect(p.score).toBe(true);
    expect(Object.keys(p).sort()).toEqual([
      'accuracy_score',
      'confidence',
      'efficiency_score',
      'error_handling_score',
      'overall_score',
      'score',
    ]);
  });

  it('A15 #11: stops with insufficient_metrics when all three scores are zero', () => {
    expect(buildEvaluatorPayload({ accuracy_score: 0, efficiency_score: 0, error_handling_score: 0 })).toEqual({
      ok: false,
      reason: 'insufficient_metrics',
    });
    expect(buildEvaluatorPayload({})).toEqual({ ok: false, reason: 'insufficient_metrics' });
  });

  it('weights the overall score 0.5/0.3/0.2 and keeps explicit values', () => {
    const result = buildEvaluatorPayload({ accuracy_score: 1, efficiency_score: 0.5, error_handling_score: 0 });
    expect(result.ok && result.payload.overall_score).toBeCloseTo(0.65, 9);
    expect(result.ok && result.payload.confidence).toBe(1);
    const explicit = buildEvaluatorPayload({
      accuracy_score: 0.4,
      overall_score: 0.9,
      confidence: 0.3,
      score: false,
      reasoning: 'looked fine',
      evaluation_id: 'ev-1',
    });
    expect(explicit).toEqual({
      ok: true,
      payload: {
        accuracy_score: 0.4,
        efficiency_score: 0.4,
        error_handling_score: 0.4,
        overall_score: 0.9,
        confidence: 0.3,
        score: false,
        reasoning: 'looked fine',
        evaluation_id: 'ev-1',
      },
    });
  });

  it('clamps the overall score and confidence into [0, 1]', () => {
    const result = buildEvaluatorPayload({ accuracy_score: 2, overall_score: -1 });
    expect(result).toMatchObject({ ok: true, payload: { overall_score: 0, confidence: 1, efficiency_score: 2 } });
  });

  it('treats non-finite numbers and non-numbers as absent', () => {
    expect(buildEvaluatorPayload({ accuracy_score: Number.NaN, efficiency_score: Infinity })).toEqual({
      ok: false,
      reason: 'insufficient_metrics',
    });
    const result = buildEvaluatorPayload({ accuracy_score: 0.6, efficiency_score: '0.9', confidence: Number.NaN });
    expect(result).toMatchObject({ ok: true, payload: { efficiency_score: 0.6, confidence: 0.6 } });
  });

  it('reads camelCase keys as well', () => {
    const result = buildEvaluatorPayload({
      accuracyScore: 0.5,
      efficiencyScore: 1,
      errorHandlingScore: 0,
      evaluationId: 7,
    });
    expect(result).toMatchObject({
      ok: true,
      payload: { accuracy_score: 0.5, efficiency_score: 1, error_handling_score: 0, evaluation_id: '7' },
    });
    expect(result.ok && result.payload.overall_score).toBeCloseTo(0.55, 9);
  });
});
