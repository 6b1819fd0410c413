import { budgetLimitsFor, COST_TABLE, costTaskOf } from './cost-table';

describe('COST_TABLE', () => {
  it('lists the total limit of each depth, quick included', () => {
    const totals = Object.fromEntries(Object.entries(COST_TABLE).map(([depth, row]) => [depth, row.totalLimit]));
    expect(totals).toEqual({ quick: 0.5, standard: 1.5, deep: 3, comprehensive: 5, experimental: 10 });
  });

  it('lists the per-task limits of each depth, leaving out the tasks that have no cap', () => {
    expect(COST_TABLE.quick.perTaskLimits).toEqual({ acquisition: 0.05, transcription: 0.15, analysis: 0.3 });
    expect(COST_TABLE.standard.perTaskLimits).toEqual({
      acquisition: 0.05,
      transcription: 0.3,
      analysis: 0.75,
      verification: 0.4,
    });
    expect(COST_TABLE.deep.perTaskLimits).toEqual({
      acquisition: 0.05,
      transcription: 0.5,
      analysis: 1.2,
      verification: 0.75,
      knowledge: 0.5,
    });
    expect(COST_TABLE.comprehensive.perTaskLimits).toEqual({
      acquisition: 0.1,
      transcription: 0.75,
      analysis: 2,
      verification: 1,
      knowledge: 1.15,
    });
    expect(COST_TABLE.experimental.perTaskLimits).toEqual({
      acquisition: 0.1,
      transcription: 1.5,
      analysis: 4,
      verification: 2,
      knowledge: 2.4,
    });
  });
});

describe('budgetLimitsFor', () => {
  it('returns the row of a known depth, trimmed and case-insensitive', () => {
    expect(budgetLimitsFor('deep')).toBe(COST_TABLE.deep);
    expect(budgetLimitsFor(' Experimental ')).toBe(COST_TABLE.experimental);
    expect(budgetLimitsFor('quick')).toBe(COST_TABLE.quick);
  });

  it('returns the standard row for an unknown depth', () => {
    expect(budgetLimitsFor('weird')).toBe(COST_TABLE.standard);
    expect(budgetLimitsFor('')).toBe(COST_TABLE.standard);
    expect(budgetLimitsFor('toString')).toBe(COST_TABLE.standard);
  });
});

describe('costTaskOf', () => {
  it('maps crew task ids to the cap of the agent that runs them', () => {
    expect(
      [
        'acquisition',
        'transcription',
        'analysis',
        'analysis.text',
        'analysis.pattern',
        'analysis.fact',
        'analysis.bias',
        'analysis.social',
        'integration',
      ].map(costTaskOf),
    ).toEqual([
      'acquisition',
      'transcription',
      'analysis',
      'analysis',
      'analysis',
      'verification',
      'verification',
      'verification',
      'knowledge',
    ]);
  });

  it('returns an unknown id unchanged', () => {
    expect(costTaskOf('summary')).toBe('summary');
    expect(costTaskOf('constructor')).toBe('constructor');
  });
});
