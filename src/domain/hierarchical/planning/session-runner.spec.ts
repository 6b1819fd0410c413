import { fail, ok } from '../../../core/result/step-result';
import type { AgentState, Objective } from './hierarchy.types';
import {
  runSession,
  type HandlerCall,
  type PriorRound,
  type RunnerOptions,
  type TaskHandler,
  type TaskOutcome,
} from './session-runner';
import { planSession } from './strategic-plan';
import { routeTasks } from './task-router';

const objective = (id: string, priority: number, dependencies: string[] = [], type = 'echo'): Objective => ({
  id,
  title: id,
  priority,
  dependencies,
  type,
  estimatedSeconds: 60,
  successCriteria: [],
});
const agent = (id: string, role: string, capabilities = ['general']): AgentState => ({
  id,
  role,
  capabilities,
  specialisations: [],
  load: 0,
  successRate: 0.95,
  averageCompletionSeconds: 60,
  lastHeartbeat: 0,
});
const AGENTS = [agent('w1', 'content_ingestion'), agent('w2', 'fact_checker')];
const OPTIONS: RunnerOptions = { sleep: async () => {}, now: () => 0, retryDelayMs: 0 };

function session(objectives: Objective[], handlers: Record<string, TaskHandler>, options: Partial<RunnerOptions> = {}) {
  const plan = planSession('s', objectives);
  return runSession(plan, routeTasks(plan.tasks, AGENTS), AGENTS, new Map(Object.entries(handlers)), {
    ...OPTIONS,
    ...options,
  });
}

describe('runSession', () => {
  it('runs a phase side by side, then the task that depends on both with their results', async () => {
    const calls: HandlerCall[] = [];
    const echo: TaskHandler = async (call) => (calls.push(call), ok({ from: call.task.objectiveId }));
    const merge: TaskHandler = async (call) => (calls.push(call), ok({ merged: Object.keys(call.inputs).sort() }));
    const outcome = await session([objective('a', 5), objective('b', 7), objective('m', 9, ['a', 'b'], 'merge')], {
      echo,
      merge,
    });
    expect(outcome.status).toBe('completed');
    expect(calls.map((c) => [c.task.id, c.attemptId])).toEqual([
      ['s_b', 's_b#1'],
      ['s_a', 's_a#1'],
      ['s_m', 's_m#1'],
    ]);
    expect(calls[2].inputs).toEqual({ s_a: { from: 'a' }, s_b: { from: 'b' } });
    // Highest role level first (fact_checker 2 > content_ingestion 1), then priority.
    expect(outcome.synthesis.map((s) => [s.taskId, s.agentId])).toEqual([
      ['s_b', 'w2'],
      ['s_m', 'w1'],
      ['s_a', 'w1'],
    ]);
  });

  it('(g) a handler that throws fails its task after every retry, its dependants are skipped, the session fails', async () => {
    let attempts = 0;
    const delays: number[] = [];
    const outcome = await session(
      [objective('a', 5, [], 'boom'), objective('b', 5, ['a'])],
      {
        boom: async () => {
          attempts += 1;
          throw new Error('disk full');
        },
        echo: async () => ok({}),
      },
      { retryDelayMs: 100, sleep: async (ms) => void delays.push(ms) },
    );
    expect([outcome.status, attempts, delays]).toEqual(['failed', 4, [100, 200, 400]]);
    expect(outcome.tasks.map((t) => [t.taskId, t.status, t.attempts, t.reason])).toEqual([
      ['s_a', 'failed', 4, 'disk full'],
      ['s_b', 'skipped', 0, 'dependency_failed: s_a'],
    ]);
  });

  it('times out a handler that never finishes, aborting its signal, retries it, then fails it', async () => {
    jest.useFakeTimers();
    try {
      const signals: AbortSignal[] = [];
      const pending = session(
        [objective('a', 5, [], 'hang')],
        { hang: (call) => (signals.push(call.signal), new Promise(() => {})) },
        { maxRetries: 1, taskTimeoutMs: 1_000 },
      );
      await jest.advanceTimersByTimeAsync(1_000);
      await jest.advanceTimersByTimeAsync(1_000);
      const outcome = await pending;
      expect([outcome.status, outcome.tasks[0].attempts, outcome.tasks[0].reason]).toEqual(['failed', 2, 'timeout']);
      expect(signals.map((s) => s.aborted)).toEqual([true, true]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('fails a task no agent may take without running it, and never calls an empty session completed', async () => {
    const plan = planSession('s', [objective('a', 5, [], 'rare')]);
    const specialists = [agent('w', 'content_ingestion', ['other'])];
    const outcome = await runSession(plan, routeTasks(plan.tasks, specialists), specialists, new Map(), OPTIONS);
    expect(outcome.tasks.map((t) => [t.status, t.reason, t.attempts])).toEqual([['failed', 'no_eligible_agent', 0]]);
    const empty = planSession('s', []);
    expect((await runSession(empty, [], AGENTS, new Map(), OPTIONS)).status).toBe('failed');
  });

  it('runs nothing for a plan with a cycle: partial, naming it', async () => {
    let called = false;
    const outcome = await session([objective('a', 5, ['b']), objective('b', 5, ['a'])], {
      echo: async () => ((called = true), ok({})),
    });
    expect([outcome.status, outcome.cyclic, called]).toEqual(['partial', ['s_a', 's_b'], false]);
  });

  it('runs at most maxParallel tasks of a phase at once', async () => {
    let running = 0;
    let most = 0;
    const echo: TaskHandler = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      running -= 1;
      return ok({});
    };
    const objectives = ['a', 'b', 'c', 'd', 'e'].map((id) => objective(id, 5));
    expect((await session(objectives, { echo }, { maxParallel: 2 })).status).toBe('completed');
    expect(most).toBe(2);
  });

  it('a cancelled session aborts its running handlers and starts nothing more', async () => {
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const outcome = session(
      [objective('a', 5, [], 'slow'), objective('b', 5, ['a'])],
      {
        slow: (call) =>
          new Promise((resolve) => {
            seen.push(call.signal);
            call.signal.addEventListener('abort', () => resolve(fail('processing', 'aborted')));
            controller.abort(new Error('cancelled by the operator'));
          }),
        echo: async () => ok({}),
      },
      { signal: controller.signal },
    );
    const result = await outcome;
    expect([result.status, seen[0].aborted, result.tasks.map((t) => [t.status, t.reason])]).toEqual([
      'cancelled',
      true,
      [
        ['failed', 'cancelled'],
        ['skipped', 'dependency_failed: s_a'],
      ],
    ]);
  });

  it('keeps settled tasks of an earlier run, repeats an interrupted attempt under its id, numbers a new round on', async () => {
    const calls: string[] = [];
    const echo: TaskHandler = async (call) => (calls.push(call.attemptId), ok({ from: call.task.objectiveId }));
    const plan = planSession('s', [objective('a', 5), objective('b', 5, ['a']), objective('c', 5)]);
    const done = {
      taskId: 's_a',
      status: 'completed' as const,
      agentId: 'w1',
      attempts: 1,
      result: ok({ from: 'a' }),
      reason: null,
      startedAt: 0,
      finishedAt: 0,
    };
    const prior = new Map<string, TaskOutcome | PriorRound>([
      ['s_a', done],
      ['s_b', { status: 'running', attempts: 2, roundStart: 0 }],
      ['s_c', { status: 'pending', attempts: 4, roundStart: 4 }],
    ]);
    const outcome = await runSession(plan, routeTasks(plan.tasks, AGENTS), AGENTS, new Map([['echo', echo]]), {
      ...OPTIONS,
      prior,
    });
    expect(outcome.status).toBe('completed');
    expect(calls.sort()).toEqual(['s_b#2', 's_c#5']);
    expect(outcome.tasks.map((t) => [t.taskId, t.attempts])).toEqual([
      ['s_a', 1],
      ['s_c', 5],
      ['s_b', 2],
    ]);
  });

  it('ends a task at once on an error that is not retryable, and moves a retry to the agent agentFor names', async () => {
    let refusals = 0;
    const refused = await session([objective('a', 5, [], 'refuse')], {
      refuse: async () => ((refusals += 1), fail('validation', 'bad input')),
    });
    expect([refused.tasks[0].status, refused.tasks[0].attempts, refusals]).toEqual(['failed', 1, 1]);

    const agents: string[] = [];
    const plan = planSession('s', [objective('a', 5, [], 'flaky')]);
    const moved = await runSession(
      plan,
      routeTasks(plan.tasks, AGENTS),
      AGENTS,
      new Map<string, TaskHandler>([
        [
          'flaky',
          async (call) => (agents.push(call.agentId), agents.length < 2 ? fail('unavailable', 'busy') : ok({})),
        ],
      ]),
      { ...OPTIONS, agentFor: (_task, previous) => (previous === 'w1' ? 'w2' : 'w1') },
    );
    expect([moved.status, agents, moved.tasks[0].agentId]).toEqual(['completed', ['w1', 'w2'], 'w2']);
  });
});
