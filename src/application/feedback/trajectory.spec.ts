import type { FeedbackSignalInput } from '../../core/ports/feedback.port';
import { clamp01, extractTrajectorySignals, llmCallReward, toolCallReward } from './trajectory';

const noId = (): string => {
  throw new Error('newId must not be called');
};

function signalsOf(result: ReturnType<typeof extractTrajectorySignals>): FeedbackSignalInput[] {
  if (!result.ok) throw new Error(`unexpected rejection of ${result.field}`);
  return result.signals;
}

function rewards(signals: FeedbackSignalInput[]): Array<[string | undefined, string | undefined, number]> {
  return signals.map((s) => [s.componentType, s.componentId, s.reward]);
}

describe(extractTrajectorySignals.name, () => {
  const acceptance = {
    session_id: 's1',
    agent_id: 'a1',
    steps: [
      { tool_name: 'toolA', success: true },
      { tool_name: 'toolA', success: false },
      { tool_name: 'toolB', success: true, tool_args: { model_id: 'm1' } },
    ],
    prompt_variants: [{ id: 'p1', quality_score: 0.9, latency_ms: 1000 }],
  };

  it('A15 #7: fans a trajectory out into model, tool, agent and prompt signals', () => {
    const signals = signalsOf(extractTrajectorySignals(acceptance, { overall_score: 0.8 }, noId));
    const got = rewards(signals);
    expect(got.map(([type, id]) => `${type}/${id}`)).toEqual([
      'model/m1',
      'tool/toolA',
      'tool/toolB',
      'agent/a1',
      'prompt/p1',
    ]);
    expect(got[0][2]).toBeCloseTo(0.8, 9);
    expect(got[1][2]).toBeCloseTo(0.5, 9);
    expect(got[2][2]).toBeCloseTo(1.0, 9);
    expect(got[3][2]).toBeCloseTo(0.8, 9);
    expect(got[4][2]).toBeCloseTo(0.8, 9);
    expect(signals.every((s) => s.source === 'trajectory')).toBe(true);
  });

  it('returns the session id as the trajectory id and never calls newId when an id exists', () => {
    const result = extractTrajectorySignals(acceptance, { overall_score: 0.8 }, noId);
    expect(result).toMatchObject({ ok: true, trajectoryId: 's1' });
  });

  it('puts latency, cost and length into both the context and the metadata of the model signal', () => {
    const trajectory = { ...acceptance, latency_ms: 1500, cost_usd: 0.02 };
    const evaluation = {
      overall_score: 0.8,
      accuracy_score: 0.7,
      efficiency: 0.6,
      error_handling_score: 0.4,
      confidence: 0.9,
    };
    const [model] = signalsOf(extractTrajectorySignals(trajectory, evaluation, noId));
    expect(model.confidence).toBe(0.9);
    expect(model.context).toEqual({
      trajectory_id: 's1',
      accuracy: 0.7,
      efficiency: 0.6,
      error_handling: 0.4,
      latency_ms: 1500,
      cost_usd: 0.02,
      trajectory_length: 3,
    });
    expect(model.metadata).toEqual({ trajectory_id: 's1', latency_ms: 1500, cost_usd: 0.02, trajectory_length: 3 });
  });

  it('defaults accuracy to the overall score, efficiency and error handling to 0, and confidence to 0.8', () => {
    const [model, , , agent] = signalsOf(extractTrajectorySignals(acceptance, { overall_score: 0.3 }, noId));
    expect(model.context).toEqual({
      trajectory_id: 's1',
      accuracy: 0.3,
      efficiency: 0,
      error_handling: 0,
      trajectory_length: 3,
    });
    expect(model.confidence).toBe(0.8);
    expect(agent.context).toEqual({ success: false, trajectory_id: 's1' });
  });

  it('describes tools by usage and prompts by quality, latency and type', () => {
    const signals = signalsOf(extractTrajectorySignals(acceptance, { overall_score: 0.8 }, noId));
    expect(signals[1]).toMatchObject({
      confidence: 0.8,
      context: { usage_count: 2 },
      metadata: { trajectory_id: 's1' },
    });
    expect(signals[4]).toMatchObject({
      confidence: 0.8,
      context: { quality_contribution: 0.9, latency_ms: 1000, prompt_type: 'unknown' },
      metadata: { trajectory_id: 's1', variant_index: 0 },
    });
  });

  it('reads camelCase keys and falls back to result.success for a step', () => {
    const trajectory = {
      trajectoryId: 't9',
      agentId: 'a2',
      success: true,
      totalDuration: 12,
      qualityScore: 0.6,
      steps: [
        { toolName: 'search', result: { success: true } },
        { toolName: 'search', toolArgs: { modelId: 'm2' } },
        {},
      ],
      promptVariants: [{ variantId: 'v1', qualityScore: 0.5, latencyMs: 5000, promptType: 'cot' }],
    };
    const signals = signalsOf(extractTrajectorySignals(trajectory, undefined, noId));
    expect(rewards(signals)).toEqual([
      ['model', 'm2', 0.6],
      ['tool', 'search', 0.5],
      ['tool', 'unknown', 0],
      ['agent', 'a2', 0.6],
      ['prompt', 'v1', 0.3],
    ]);
    expect(signals[3].context).toEqual({ success: true, duration: 12, trajectory_id: 't9' });
    expect(signals[4].context).toEqual({ quality_contribution: 0.5, latency_ms: 5000, prompt_type: 'cot' });
  });

  it('caps the prompt latency penalty at 0.2 and falls back to the evaluation overall score', () => {
    const trajectory = { id: 'x', prompt_variants: [{ variant_id: 'v', latency_ms: 50_000 }, { variant_id: 'w' }] };
    const signals = signalsOf(extractTrajectorySignals(trajectory, { overall_score: 0.7 }, noId));
    expect(signals.map((s) => s.componentId)).toEqual(['v', 'w']);
    expect(signals[0].reward).toBeCloseTo(0.5, 9);
    expect(signals[1].reward).toBe(0.7);
  });

  it('uses newId when neither the trajectory nor the evaluation has an id', () => {
    const result = extractTrajectorySignals(
      { steps: [{ tool_name: 't', success: true }] },
      undefined,
      () => 'generated',
    );
    expect(result).toEqual({
      ok: true,
      trajectoryId: 'generated',
      signals: [
        {
          source: 'trajectory',
          componentType: 'tool',
          componentId: 't',
          reward: 1,
          confidence: 0.8,
          context: { usage_count: 1 },
          metadata: { trajectory_id: 'generated' },
        },
      ],
    });
  });

  it('takes the trajectory id from the evaluation after the trajectory fields', () => {
    expect(extractTrajectorySignals({}, { trajectory_id: 'e1' }, noId)).toEqual({
      ok: true,
      trajectoryId: 'e1',
      signals: [],
    });
  });

  it('leaves out the model and agent signals and variants without an id when none is found', () => {
    const trajectory = {
      id: 'x',
      steps: [{ tool_name: 't', success: true }],
      prompt_variants: [{ quality_score: 0.9 }],
    };
    const signals = signalsOf(extractTrajectorySignals(trajectory, { overall_score: 0.8 }, noId));
    expect(rewards(signals)).toEqual([['tool', 't', 1]]);
  });

  it('finds the model id on the trajectory, then on the evaluation', () => {
    const fromTrajectory = signalsOf(extractTrajectorySignals({ id: 'x', model: 'gpt' }, { model_id: 'other' }, noId));
    const fromEvaluation = signalsOf(extractTrajectorySignals({ id: 'x' }, { model_id: 'claude' }, noId));
    expect(fromTrajectory[0].componentId).toBe('gpt');
    expect(fromEvaluation[0].componentId).toBe('claude');
  });

  it('clamps the overall score and confidence into [0, 1]', () => {
    const [model] = signalsOf(
      extractTrajectorySignals({ id: 'x', model_id: 'm' }, { overall_score: 1.4, confidence: -2 }, noId),
    );
    expect(model.reward).toBe(1);
    expect(model.confidence).toBe(0);
  });

  it('rejects the whole trajectory, with no signals, when one step is not an object', () => {
    const trajectory = { ...acceptance, steps: [...acceptance.steps, 'oops'] };
    expect(extractTrajectorySignals(trajectory, { overall_score: 0.8 }, noId)).toEqual({
      ok: false,
      field: 'trajectory.steps[3]',
      message: 'trajectory.steps[3] must be an object',
    });
  });

  it('rejects steps that are not an array', () => {
    expect(extractTrajectorySignals({ steps: { a: 1 } }, undefined, noId)).toMatchObject({
      ok: false,
      field: 'trajectory.steps',
    });
  });

  it('rejects prompt variants that are not an array', () => {
    expect(extractTrajectorySignals({ prompt_variants: 'p1' }, undefined, noId)).toMatchObject({
      ok: false,
      field: 'trajectory.prompt_variants',
    });
  });

  it('rejects a score that is present but not a finite number, naming its canonical field', () => {
    expect(extractTrajectorySignals(acceptance, { overall_score: Number.NaN }, noId)).toEqual({
      ok: false,
      field: 'evaluation.overall_score',
      message: 'evaluation.overall_score must be a finite number',
    });
    expect(extractTrajectorySignals(acceptance, { errorHandlingScore: '0.5' }, noId)).toMatchObject({
      field: 'evaluation.error_handling_score',
    });
    const badVariant = { prompt_variants: [{ id: 'p', latency_ms: Infinity }] };
    expect(extractTrajectorySignals(badVariant, undefined, noId)).toMatchObject({
      field: 'trajectory.prompt_variants[0].latency_ms',
    });
  });

  it('treats null as absent', () => {
    const result = extractTrajectorySignals(
      { id: 'x', session_id: null, model_id: 'm' },
      { overall_score: null, quality_score: 0.4 },
      noId,
    );
    expect(rewards(signalsOf(result))).toEqual([['model', 'm', 0.4]]);
    expect(result).toMatchObject({ trajectoryId: 'x' });
  });
});

describe(llmCallReward.name, () => {
  it('A15 #8: penalises latency and cost and gives a failed call 0', () => {
    expect(llmCallReward({ success: true, latencyMs: 2000, costUsd: 0.001 })).toBeCloseTo(0.7, 9);
    expect(llmCallReward({ success: true, latencyMs: 5000, costUsd: 0.01 })).toBeCloseTo(0.5, 9);
    expect(llmCallReward({ success: false, latencyMs: 10, costUsd: 0 })).toBe(0);
  });

  it('counts missing latency and cost as free', () => {
    expect(llmCallReward({})).toBe(1);
    expect(llmCallReward({ latencyMs: Number.NaN })).toBe(1);
  });
});

describe(toolCallReward.name, () => {
  it('A15 #8: uses the relevance score, 0.5 without one, and 0 for a failed call', () => {
    expect(toolCallReward({ success: true, relevanceScore: 0.9 })).toBe(0.9);
    expect(toolCallReward({ success: true })).toBe(0.5);
    expect(toolCallReward({ success: false, relevanceScore: 0.9 })).toBe(0);
    expect(toolCallReward({ relevanceScore: 1.7 })).toBe(1);
  });
});

describe(clamp01.name, () => {
  it('clamps into [0, 1] and maps NaN to 0', () => {
    expect(clamp01(-0.5)).toBe(0);
    expect(clamp01(0.25)).toBe(0.25);
    expect(clamp01(3)).toBe(1);
    expect(clamp01(Number.NaN)).toBe(0);
  });
});
