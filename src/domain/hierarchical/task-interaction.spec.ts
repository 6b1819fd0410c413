import { fail, ok, uncertain } from '../../core/result/step-result';
import type { TaskOutcome } from './planning/session-runner';
import { reportedQuality, taskInteraction } from './task-interaction';

const outcome = (over: Partial<TaskOutcome> = {}): TaskOutcome => ({
  taskId: 's1_a',
  status: 'completed',
  agentId: 'w1',
  attempts: 1,
  result: ok({ quality: { ai_quality_score: 0.82 } }),
  reason: null,
  startedAt: 1_000,
  finishedAt: 1_250,
  ...over,
});

describe(taskInteraction.name, () => {
  it('records a completed task: agent, type, session, duration from first attempt to outcome, reported quality', () => {
    expect(taskInteraction('t1', 's1', 'autointel', outcome(), 9_999)).toEqual({
      tenantId: 't1',
      agent: 'w1',
      taskType: 'autointel',
      source: 'hierarchy',
      runId: 's1',
      tools: [],
      toolSequence: [],
      durationMs: 250,
      outcome: 'ok',
      quality: 0.82,
      error: null,
      at: 1_250,
    });
  });

  it('records an uncertain result as uncertain, a failed task as an error with its reason', () => {
    const unsure = taskInteraction('t1', 's1', 'synthesis', outcome({ result: uncertain({}, 'thin') }), 0);
    const failed = taskInteraction(
      't1',
      's1',
      'fallback',
      outcome({ status: 'failed', attempts: 3, result: fail('timeout', 'slow'), reason: 'timeout' }),
      0,
    );
    expect([unsure?.outcome, unsure?.quality, failed?.outcome, failed?.error, failed?.quality]).toEqual([
      'uncertain',
      null,
      'error',
      'timeout',
      null,
    ]);
  });

  it('records nothing for a task no agent ran', () => {
    expect(taskInteraction('t1', 's1', 'x', outcome({ agentId: null, attempts: 0, status: 'skipped' }), 0)).toBe(null);
    expect(taskInteraction('t1', 's1', 'x', outcome({ attempts: 0, status: 'skipped' }), 0)).toBe(null);
  });
});

describe(reportedQuality.name, () => {
  it('reads quality.ai_quality_score when it is a number from 0 to 1, else null', () => {
    expect(
      [{ quality: { ai_quality_score: 0 } }, { quality: { ai_quality_score: 1.2 } }, { quality: 0.5 }, null, 'x'].map(
        reportedQuality,
      ),
    ).toEqual([0, null, null, null, null]);
  });
});
