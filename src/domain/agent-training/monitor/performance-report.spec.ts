import type { Interaction } from '../../../core/ports/interaction-log.port';
import { overallParts, performanceReport } from './performance-report';

const times = (n: number, value: number): number[] => Array.from({ length: n }, () => value);
const NOW = 100 * 86_400_000;
const interaction = (n: number, over: Partial<Interaction> = {}): Interaction => ({
  tenantId: 't1',
  agent: 'verification_director',
  taskType: 'analysis.fact',
  source: 'crew',
  runId: `run-${n}`,
  tools: ['fact_check'],
  toolSequence: ['fact_check'],
  durationMs: 10_000,
  outcome: 'ok',
  quality: 0.95,
  error: null,
  at: NOW - 86_400_000 + n * 1000,
  ...over,
});
const series = (qualities: number[], over: Partial<Interaction> = {}) =>
  qualities.map((quality, n) => interaction(n, { quality, ...over }));
const report = (list: Interaction[]) => performanceReport('verification_director', list, { now: NOW, days: 30 });

describe('performanceReport', () => {
  it('(e) 10 interactions at .9 then 10 at .6: accuracy declining, a mild recommendation and no critical one', () => {
    const sut = report(series([...times(10, 0.9), ...times(10, 0.6)]));
    expect(sut.metrics.accuracy).toEqual({
      actual: 0.75,
      target: 0.9,
      confidence: 0.9,
      samples: 20,
      trend: 'declining',
    });
    const accuracy = sut.recommendations.filter((r) => r.metric === 'accuracy');
    expect(accuracy).toEqual([
      {
        metric: 'accuracy',
        severity: 'mild',
        message: 'Accuracy is 0.15 below its target: review recent low-quality answers',
      },
    ]);
  });

  it('(f) 10 s against a 30 s target: no response-time recommendation and a component of 1.0, not 1.67', () => {
    const sut = report(series(times(12, 0.95), { durationMs: 10_000 }));
    expect(sut.recommendations.filter((r) => r.metric === 'response_time_s')).toEqual([]);
    expect(overallParts(sut.metrics).response_time_s).toBe(1);
  });

  it('(f) 70 s against a 30 s target: a "concerning" response-time recommendation', () => {
    const sut = report(series(times(12, 0.95), { durationMs: 70_000 }));
    expect(sut.recommendations.filter((r) => r.metric === 'response_time_s')).toEqual([
      {
        metric: 'response_time_s',
        severity: 'concerning',
        message: 'Mean response time 70 s is over twice the 30 s target',
      },
    ]);
    expect(overallParts(sut.metrics).response_time_s).toBeCloseTo(30 / 70, 10);
  });

  it('(g) fewer than 10 interactions: every trend and the status are insufficient_data', () => {
    const sut = report(series(times(9, 0.8)));
    expect(sut.status).toBe('insufficient_data');
    expect(Object.values(sut.metrics).map((m) => m.trend)).toEqual([
      'insufficient_data',
      'insufficient_data',
      'insufficient_data',
    ]);
    expect(sut.recommendations).toEqual([]);
    expect(sut.metrics.accuracy.confidence).toBe(0.7);
  });

  it('reports only the window, tool patterns and a status band', () => {
    const old = interaction(99, { at: NOW - 40 * 86_400_000, quality: 0 });
    const failing = series(times(12, 0.5), {
      tools: ['fact_check', 'vector'],
      toolSequence: ['vector', 'fact_check', 'vector', 'vector'],
      error: 'vector store timeout',
      outcome: 'error',
    });
    const sut = report([old, ...failing]);
    expect(sut.interactions).toBe(12);
    expect(sut.toolPatterns).toEqual([
      {
        tool: 'fact_check',
        uses: 12,
        successRate: 0,
        meanQuality: 0.5,
        topSequences: ['vector → fact_check → vector → vector'],
        errors: [],
      },
      {
        tool: 'vector',
        uses: 12,
        successRate: 0,
        meanQuality: 0.5,
        topSequences: ['vector → fact_check → vector → vector'],
        errors: ['vector store timeout'],
      },
    ]);
    // accuracy .5/.9, tool efficiency (.25 − .1)/.85, response time 1
    expect(sut.overallScore).toBe(0.577);
    expect(sut.status).toBe('needs_improvement');
    expect(sut.trainingSuggestions).toEqual([
      'Generate more training examples for fact_check',
      'Generate more training examples for vector',
      'Add error-recovery scenarios for: vector store timeout',
      'Add examples with verified outcomes',
      'Add edge-case scenarios',
    ]);
  });
});
