import { durationLabel, resolveDependencies } from './dependency-resolver';
import type { AgentState, Objective, PlannedTask } from './hierarchy.types';
import { routingPriority } from './hierarchy.types';
import { healthChecks, systemHealth } from './monitoring';
import { applyRecovery, recoveryStrategy, type RecoverableTask } from './recovery';
import { delegationKey } from './delegation-guard';
import { objectiveProblems, planSession, riskLevel } from './strategic-plan';
import { agentScore, eligible, loadBalance, routeTasks } from './task-router';

const objective = (id: string, priority: number, dependencies: string[] = [], type = 'echo'): Objective => ({
  id,
  title: `Objective ${id}`,
  priority,
  dependencies,
  type,
  estimatedSeconds: 60,
  successCriteria: [],
});
const task = (id: string, priority = 5, o: Partial<PlannedTask> = {}): PlannedTask => ({
  id,
  objectiveId: id,
  name: id,
  priority,
  type: 'echo',
  dependencies: [],
  estimatedSeconds: 60,
  input: {},
  ...o,
});
const agent = (id: string, o: Partial<AgentState> = {}): AgentState => ({
  id,
  role: 'specialist_agent',
  capabilities: ['echo'],
  specialisations: [],
  load: 0,
  successRate: 0.95,
  averageCompletionSeconds: 60,
  lastHeartbeat: 0,
  ...o,
});

describe('hierarchical planning', () => {
  it('(a) orders by dependency then priority: A p9, B p5 after A, C p7 → A, C, B in phases [[A, C], [B]]', () => {
    const plan = planSession('s1', [objective('A', 9), objective('B', 5, ['A']), objective('C', 7)]);
    expect(plan.resolution).toEqual({
      status: 'resolved',
      order: ['s1_A', 's1_C', 's1_B'],
      phases: [['s1_A', 's1_C'], ['s1_B']],
    });
    expect(plan.phases).toEqual([
      { tasks: ['s1_A', 's1_C'], estimatedDays: 7, criticalPath: ['s1_A'] },
      { tasks: ['s1_B'], estimatedDays: 3, criticalPath: [] },
    ]);
    expect([plan.estimatedDays, plan.risk, plan.tasks[1].dependencies]).toEqual([10, 'low', ['s1_A']]);
  });

  it('(b) a cycle A ↔ B is partial, naming both, with nothing ready to run', () => {
    const plan = planSession('s1', [objective('A', 5, ['B']), objective('B', 5, ['A']), objective('C', 5)]);
    expect(plan.resolution).toEqual({
      status: 'partial',
      order: ['s1_C'],
      phases: [['s1_C']],
      cyclic: ['s1_A', 's1_B'],
    });
    expect(
      resolveDependencies([task('x', 5, { dependencies: ['y'] }), task('y', 5, { dependencies: ['x'] })]),
    ).toMatchObject({
      status: 'partial',
      order: [],
      cyclic: ['x', 'y'],
    });
  });

  it('(c) scores 100 × success − 50 × load + 20 specialised + 10 faster: 115; ineligible at projected load 0.9', () => {
    const strong = agent('a', { successRate: 0.95, specialisations: ['echo'], averageCompletionSeconds: 30 });
    expect(agentScore(strong, task('t'), 0.2)).toBe(115);
    expect([eligible(strong, task('t'), 0.9), eligible(strong, task('t'), 0.85)]).toEqual([false, true]);
    expect(eligible(agent('b', { capabilities: ['other'] }), task('t'), 0)).toBe(false);
    expect(eligible(agent('c', { capabilities: ['general'] }), task('t'), 0)).toBe(true);
  });

  it('routes each task to the best eligible agent, an idle one taking at most nine, the rest to nobody', () => {
    const tasks = Array.from({ length: 11 }, (_, i) => task(`t${i}`, 5));
    const routes = routeTasks(tasks, [agent('a')]);
    expect(routes.filter((r) => r.agentId === 'a')).toHaveLength(9);
    expect(routes.slice(9)).toEqual([
      { taskId: 't9', agentId: null, reason: 'no_eligible_agent' },
      { taskId: 't10', agentId: null, reason: 'no_eligible_agent' },
    ]);
    const split = routeTasks(
      [task('x', 9), task('y', 2)],
      [agent('slow'), agent('fast', { specialisations: ['echo'] })],
    );
    expect(split).toEqual([
      { taskId: 'x', agentId: 'fast', score: 115, reason: 'specialised' },
      { taskId: 'y', agentId: 'fast', score: 110, reason: 'specialised' },
    ]);
    // A task pinned to an agent goes to it alone, even when another would score higher; to nobody if it cannot.
    const pinned = routeTasks(
      [task('p', 5, { agentId: 'slow' }), task('q', 5, { agentId: 'slow', type: 'other' })],
      [agent('slow'), agent('fast', { specialisations: ['echo'] })],
    );
    expect(pinned.map((r) => [r.taskId, r.agentId])).toEqual([
      ['p', 'slow'],
      ['q', null],
    ]);
  });

  it('(d) load balance of route counts {2, 1, 1} is 0.6464', () => {
    expect([loadBalance([2, 1, 1]), loadBalance([3, 3]), loadBalance([1]), loadBalance([4, 0])]).toEqual([
      0.6464, 1, 1, 0,
    ]);
  });

  it('(e) health: no agents and no sessions 0.7 degraded; 1 failed of 2 sessions with agents 0.75 degraded', () => {
    const base = { activeSessions: 0, agents: 0, queuedTasks: 0, totalSessions: 0, failedSessions: 0 };
    expect(systemHealth(base)).toEqual({ score: 0.7, status: 'degraded' });
    expect(systemHealth({ ...base, agents: 3, totalSessions: 2, failedSessions: 1 })).toEqual({
      score: 0.75,
      status: 'degraded',
    });
    expect(systemHealth({ ...base, agents: 1 })).toEqual({ score: 1, status: 'healthy' });
  });

  it('(f) "critical-db" restarts everything; "agent-7" restarts failed tasks with retries left', () => {
    const t = (id: string, status: RecoverableTask['status'], retryCount: number): RecoverableTask => ({
      id,
      status,
      retryCount,
      maxRetries: 3,
      agentId: 'agent-7',
    });
    const tasks = [t('a', 'completed', 0), t('b', 'failed', 1), t('c', 'failed', 3)];
    expect(recoveryStrategy(['critical-db'])).toBe('full_restart');
    expect(applyRecovery('full_restart', tasks).map((x) => [x.id, x.status, x.agentId])).toEqual([
      ['a', 'pending', null],
      ['b', 'pending', null],
      ['c', 'pending', null],
    ]);
    expect(recoveryStrategy(['agent-7'])).toBe('selective_restart');
    expect(applyRecovery('selective_restart', tasks).map((x) => [x.id, x.status, x.retryCount])).toEqual([
      ['a', 'completed', 0],
      ['b', 'pending', 2],
      ['c', 'failed', 3],
    ]);
    expect([recoveryStrategy(['cache']), applyRecovery('graceful_degradation', tasks)]).toEqual([
      'graceful_degradation',
      tasks,
    ]);
  });

  it('(h) a heartbeat older than 60 s is stale; a task running 301 s is stuck', () => {
    const now = 1_000_000;
    expect(
      healthChecks(
        now,
        [
          { id: 'fresh', lastHeartbeat: now - 60_000 },
          { id: 'old', lastHeartbeat: now - 60_001 },
        ],
        [
          { id: 't1', startedAt: now - 300_000 },
          { id: 't2', startedAt: now - 301_000 },
        ],
      ),
    ).toEqual({ agentHealth: 'degraded', staleAgents: ['old'], taskHealth: 'degraded', stuckTasks: ['t2'] });
  });

  it('names every problem of the objectives by field', () => {
    expect(objectiveProblems([])).toEqual(['objectives must not be empty']);
    expect(
      objectiveProblems(
        [objective('A', 11), objective('A', 5, ['Z']), objective('C', 2.5, [], 'teleport')],
        new Set(['echo']),
      ),
    ).toEqual([
      'objectives[0].priority must be a whole number from 1 to 10, got 11',
      'objectives[1].id "A" is used twice',
      'objectives[2].priority must be a whole number from 1 to 10, got 2.5',
      'objectives[2].type "teleport" names no handler',
      'objectives[1].dependencies names an unknown objective "Z"',
    ]);
  });

  it('maps priority 1–10 to routing 1–5, labels durations and rates risk', () => {
    expect([1, 2, 5, 9, 10].map(routingPriority)).toEqual([1, 1, 3, 5, 5]);
    expect([59, 60, 3599, 7200].map(durationLabel)).toEqual(['59 seconds', '1 minutes', '59 minutes', '2 hours']);
    expect(riskLevel([objective('A', 8), objective('B', 9)])).toBe('medium');
    expect(riskLevel([8, 9, 10, 8].map((p, i) => objective(`o${i}`, p)))).toBe('high');
  });

  it('counts a delegation by from, to and a hash of type and input, whatever the key order', () => {
    const key = delegationKey('w1', 'w2', 'pingpong', { b: [1, { d: 2, c: 3 }], a: 'x' });
    expect(key).toBe(delegationKey('w1', 'w2', 'pingpong', { a: 'x', b: [1, { c: 3, d: 2 }] }));
    expect((JSON.parse(key) as string[]).slice(0, 2)).toEqual(['w1', 'w2']);
    expect(key).not.toBe(delegationKey('w2', 'w1', 'pingpong', { a: 'x', b: [1, { c: 3, d: 2 }] }));
    expect(key).not.toBe(delegationKey('w1', 'w2', 'pingpong', { a: 'y', b: [1, { c: 3, d: 2 }] }));
  });
});
