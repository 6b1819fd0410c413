import {
  METRIC_DEFAULTS,
  modelForAction,
  REWARD_WEIGHTS,
  ROUTER_MODELS,
  routingReward,
  taskComplexity,
  taskPriority,
  validateMetrics,
} from './router';

describe(modelForAction.name, () => {
  it('maps actions 0-3 to the four models', () => {
    expect([0, 1, 2, 3].map(modelForAction)).toEqual([
      'gpt-4-turbo',
      'claude-3.5-sonnet',
      'gemini-pro',
      'llama-3.1-70b',
    ]);
    expect(ROUTER_MODELS).toHaveLength(4);
  });

  it('falls back to gpt-4-turbo for any other index', () => {
    for (const index of [4, -1, 1.5, NaN]) expect(modelForAction(index)).toBe('gpt-4-turbo');
  });
});

describe(taskComplexity.name, () => {
  it('B12 #5: a coding task with a 500-character prompt containing "analyze" and "compare" has complexity 0.8333', () => {
    const prompt = 'Please analyze this function and compare it with the old one. '.padEnd(500, 'x');
    expect(prompt).toHaveLength(500);
    expect(taskComplexity('coding', prompt)).toBeCloseTo(0.7 + 0.5 * 0.2 + (2 / 6) * 0.1, 9);
    expect(taskComplexity('coding', prompt)).toBeCloseTo(0.8333, 4);
  });

  it('uses each task type base and 0.5 for unknown types', () => {
    const bases = {
      general: 0.3,
      analysis: 0.6,
      creative: 0.4,
      coding: 0.7,
      research: 0.8,
      summarization: 0.4,
      translation: 0.5,
      toString: 0.5,
    };
    for (const [task, base] of Object.entries(bases)) expect(taskComplexity(task, '')).toBeCloseTo(base, 9);
  });

  it('caps the length term at 1000 characters', () => {
    expect(taskComplexity('general', 'x'.repeat(1000))).toBeCloseTo(0.5, 9);
    expect(taskComplexity('general', 'x'.repeat(5000))).toBeCloseTo(0.5, 9);
  });

  it('counts each keyword once, as a case-insensitive substring', () => {
    expect(taskComplexity('general', 'ANALYZE analyze Analyzed')).toBeCloseTo(0.3 + 0.024 * 0.2 + 0.1 / 6, 9);
    expect(taskComplexity('general', 'researcher')).toBeCloseTo(0.3 + 0.01 * 0.2 + 0.1 / 6, 9);
  });

  it('clamps to [0.1, 0.9]', () => {
    const everything = 'analyze complex detailed comprehensive research compare '.padEnd(1000, '.');
    expect(taskComplexity('research', everything)).toBe(0.9);
  });
});

describe(taskPriority.name, () => {
  it('B12 #5: a high-priority coding task has priority 0.84', () => {
    expect(taskPriority('coding', 'high')).toBeCloseTo(0.84, 9);
  });

  it('defaults to the medium level, also for unknown levels, and matches levels case-insensitively', () => {
    expect(taskPriority('general', undefined)).toBeCloseTo(0.5, 9);
    expect(taskPriority('general', 'whenever')).toBeCloseTo(0.5, 9);
    expect(taskPriority('general', 'LOW')).toBeCloseTo(0.3, 9);
  });

  it('applies the task multiplier (1 for unknown tasks) and clamps to [0.1, 0.9]', () => {
    expect(taskPriority('summarization', 'low')).toBeCloseTo(0.24, 9);
    expect(taskPriority('creative', 'high')).toBeCloseTo(0.63, 9);
    expect(taskPriority('unknown', 'high')).toBeCloseTo(0.7, 9);
    expect(taskPriority('coding', 'urgent')).toBe(0.9);
    expect(taskPriority('research', 'urgent')).toBe(0.9);
  });
});

describe(routingReward.name, () => {
  it('B12 #5: default metrics give 0.76, 0.745 and 0.68', () => {
    expect(routingReward('model_routing', {})).toBeCloseTo(0.76, 9);
    expect(routingReward('content_analysis', {})).toBeCloseTo(0.745, 9);
    expect(routingReward('user_engagement', {})).toBeCloseTo(0.68, 9);
  });

  it('weights latency, quality and cost efficiency under their own names', () => {
    expect(REWARD_WEIGHTS.model_routing).toEqual({ latency: 0.3, quality: 0.4, costEfficiency: 0.3 });
    // Only quality changes: the reward moves by 0.4 × the change.
    expect(routingReward('model_routing', { quality_score: 0.2 }) - routingReward('model_routing', {})).toBeCloseTo(
      0.4 * -0.5,
      9,
    );
    // Only cost efficiency changes: 0.3 × the change.
    expect(routingReward('model_routing', { cost_efficiency: 0.3 }) - routingReward('model_routing', {})).toBeCloseTo(
      0.3 * -0.5,
      9,
    );
    expect(routingReward('model_routing', { latency_ms: 0, quality_score: 1, cost_efficiency: 1 })).toBeCloseTo(1, 9);
  });

  it('computes each domain from the given metrics', () => {
    expect(routingReward('model_routing', { latency_ms: 2500, quality_score: 0.9, cost_efficiency: 0.5 })).toBeCloseTo(
      0.3 * 0.5 + 0.4 * 0.9 + 0.3 * 0.5,
      9,
    );
    expect(
      routingReward('content_analysis', { accuracy_score: 1, analysis_depth: 0.5, processing_time: 5000 }),
    ).toBeCloseTo(0.5 + 0.15 + 0.1, 9);
    expect(
      routingReward('user_engagement', { personalization_score: 0.5, response_quality: 1, response_time: 0 }),
    ).toBeCloseTo(0.2 + 0.4 + 0.2, 9);
  });

  it('floors the speed terms at 0 for very slow responses', () => {
    expect(routingReward('model_routing', { latency_ms: 60_000, quality_score: 0, cost_efficiency: 0 })).toBe(0);
    expect(routingReward('content_analysis', { processing_time: 20_000 })).toBeCloseTo(0.5 * 0.75 + 0.3 * 0.7, 9);
  });

  it('uses overall_score (default 0.7) for any other domain, clamped to [0, 1]', () => {
    expect(routingReward('support_tickets', {})).toBeCloseTo(0.7, 9);
    expect(routingReward('support_tickets', { overall_score: 0.42, quality_score: 1 })).toBeCloseTo(0.42, 9);
    expect(routingReward('support_tickets', { overall_score: 3 })).toBe(1);
    expect(routingReward('support_tickets', { overall_score: -1 })).toBe(0);
  });
});

describe(validateMetrics.name, () => {
  it('accepts every allowed metric in range and returns a copy', () => {
    const all = { ...METRIC_DEFAULTS, latency_ms: 0, quality_score: 1 };
    const result = validateMetrics(all);
    expect(result).toEqual({ ok: true, value: all });
    expect(validateMetrics({})).toEqual({ ok: true, value: {} });
  });

  it('allows durations above 1 but not below 0', () => {
    expect(validateMetrics({ latency_ms: 120_000, processing_time: 3.5, response_time: 0 }).ok).toBe(true);
    expect(validateMetrics({ response_time: -5 })).toEqual({
      ok: false,
      field: 'metrics.response_time',
      message: 'metrics.response_time must be a number >= 0, got -5',
    });
  });

  it('requires scores in [0, 1]', () => {
    expect(validateMetrics({ quality_score: 1.2 })).toEqual({
      ok: false,
      field: 'metrics.quality_score',
      message: 'metrics.quality_score must be a number in [0, 1], got 1.2',
    });
    expect(validateMetrics({ overall_score: NaN })).toMatchObject({ ok: false, field: 'metrics.overall_score' });
    expect(validateMetrics({ accuracy_score: '0.9' })).toMatchObject({
      ok: false,
      message: 'metrics.accuracy_score must be a number in [0, 1], got "0.9"',
    });
  });

  it('rejects unknown keys, naming them', () => {
    const result = validateMetrics({ quality_score: 0.5, qualty_score: 0.5, latency: 3 });
    expect(result).toMatchObject({ ok: false, field: 'metrics.qualty_score' });
    expect(!result.ok && result.message).toMatch(
      /^metrics has unknown keys "qualty_score", "latency" \(allowed: latency_ms, quality_score, /,
    );
  });

  it('rejects anything but a plain object', () => {
    expect(validateMetrics(null)).toEqual({
      ok: false,
      field: 'metrics',
      message: 'metrics must be an object of numbers, got null',
    });
    expect(validateMetrics([1], 'body.metrics')).toMatchObject({ ok: false, field: 'body.metrics' });
  });
});
