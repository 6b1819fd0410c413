import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions } from 'fastify';
import type { ConfigFragment } from '../../src/core/config/config.loader';
import { ManualClock } from '../../src/core/runtime/clock';
import { sequentialIds } from '../../src/core/runtime/id-generator';
import { HierarchyMonitor } from '../../src/domain/hierarchical/hierarchy.monitor';
import { HierarchyService } from '../../src/domain/hierarchical/hierarchy.service';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { HierarchyTestHandlersModule, newGate, seen } from '../fixtures/hierarchy-handlers';
import { jsonBody } from '../fixtures/json-body';
import { appTestConfig, testDataDir } from '../fixtures/test-config';

interface Task {
  readonly objectiveId: string;
  readonly status: string;
  readonly agentId: string | null;
  readonly attempts: number;
  readonly reason: string | null;
}
interface Session {
  readonly sessionId: string;
  readonly status: string;
  readonly error: string | null;
  readonly steps: number;
  readonly starts: number;
  readonly tasks: readonly Task[];
}

const rows = (s: Session) => s.tasks.map((t) => [t.objectiveId, t.status, t.attempts, t.reason]);

/**
 * Sessions over time: timeouts and retries, stuck tasks and stale agents found by the monitor, the runaway
 * delegation guard, the step limit, cancellation, recovery, and a session resumed after a restart — with task
 * types a test module adds the way an extension would.
 */
describe('hierarchical sessions over time (e2e)', () => {
  let app: NestFastifyApplication;
  let clock: ManualClock;
  const dataDir = testDataDir();

  const boot = async (config: ConfigFragment = {}) => {
    clock = new ManualClock(1_000_000);
    app = await createApp({
      config: appTestConfig({ persistence: { dataDir }, hierarchy: { retryDelayMs: 0, ...config } }),
      imports: [HierarchyTestHandlersModule],
      ids: sequentialIds(`h${Date.now()}`),
      clock,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  };
  const request = (options: InjectOptions) => app.getHttpAdapter().getInstance().inject(options);
  const create = async (objectives: object[], limits: object = {}) => {
    const res = await request({
      method: 'POST',
      url: '/hierarchy/sessions',
      payload: { mission: { name: 'test' }, objectives, limits },
    });
    expect(res.statusCode).toBe(202);
    return jsonBody<Session>(res).sessionId;
  };
  const get = async (id: string) =>
    jsonBody<Session>(await request({ method: 'GET', url: `/hierarchy/sessions/${id}` }));
  const waitFor = async (id: string) => {
    await app.get(HierarchyService).waitFor('default', id, 30_000);
    return get(id);
  };
  /** Polls until `check` holds (real time; the handlers run on real timers). */
  const until = async (check: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 500 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
  };
  const register = (agentId: string, capabilities: string[], role = 'specialist_agent') =>
    request({ method: 'POST', url: '/hierarchy/agents', payload: { agentId, role, capabilities } });

  beforeAll(async () => {
    await boot();
    await register('w1', ['hang', 'count', 'pingpong', 'flaky']);
    await register('w2', ['hang', 'count', 'pingpong', 'flaky']);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
  }, BOOT_TIMEOUT_MS);

  beforeEach(() => seen.reset());

  it('times out a handler that never finishes, retries it, then fails it; the dependant is skipped', async () => {
    const id = await create(
      [
        { id: 'h', type: 'hang' },
        { id: 'after', type: 'count', dependencies: ['h'] },
      ],
      { taskTimeoutMs: 150, maxRetries: 1 },
    );
    const session = await waitFor(id);
    expect([session.status, rows(session)]).toEqual([
      'failed',
      [
        ['h', 'failed', 2, 'timeout'],
        ['after', 'skipped', 0, `dependency_failed: ${id}_h`],
      ],
    ]);
    expect(seen.keys).toEqual([`${id}/${id}_h#1`, `${id}/${id}_h#2`]);
    expect(seen.signals.map((s) => s.aborted)).toEqual([true, true]);
  });

  it('stops a runaway delegation: the same hand-off a third time fails the task, without retries', async () => {
    const id = await create([{ id: 'p', type: 'pingpong', agentId: 'w1', input: { to: 'w2' } }]);
    const session = await waitFor(id);
    expect([session.status, rows(session)]).toEqual([
      'failed',
      [['p', 'failed', 1, 'delegation_loop: w1 → w2 with the same input 3 times']],
    ]);
    // w1 → w2, w2 → w1, twice more each way, then the third w1 → w2 is refused.
    expect(seen.keys).toEqual(['w1→w2', 'w2→w1', 'w1→w2', 'w2→w1', 'w1→w2']);
  });

  it('refuses a delegation to an agent id nobody registered, as a validation error', async () => {
    const id = await create([{ id: 'p', type: 'pingpong', agentId: 'w1', input: { to: 'ghost' } }]);
    const session = await waitFor(id);
    expect(rows(session)).toEqual([
      ['p', 'failed', 1, 'delegate: "ghost" is not a registered agent of tenant default'],
    ]);
  });

  it('stops a session at its step limit: what never started is skipped with the reason', async () => {
    const id = await create(
      [
        { id: 'a', type: 'count' },
        { id: 'b', type: 'count', dependencies: ['a'] },
        { id: 'c', type: 'count', dependencies: ['b'] },
      ],
      { maxSteps: 2 },
    );
    const session = await waitFor(id);
    expect([session.status, session.error, session.tasks.map((t) => t.status)]).toEqual([
      'failed',
      'step_limit',
      ['completed', 'completed', 'skipped'],
    ]);
    expect(session.tasks[2].reason).toBe('step_limit');
  });

  it('the monitor stops an attempt without progress (stuck) and retries it; then fails it at maxRetries', async () => {
    const id = await create([{ id: 'h', type: 'hang' }], { maxRetries: 1 });
    const monitor = app.get(HierarchyMonitor);
    // Agents that keep sending heartbeats while the task shows no progress: the task is stuck, not the agents.
    const quietFor = async (ms: number) => {
      clock.advance(ms - 1_000);
      for (const agent of ['w1', 'w2'])
        await request({ method: 'POST', url: `/hierarchy/agents/${agent}/heartbeat`, payload: {} });
      clock.advance(1_000);
    };
    await until(() => seen.signals.length === 1);
    await quietFor(300_000);
    expect(await monitor.monitor()).toEqual({ staleAgents: 0, stuckTasks: 0 });
    await quietFor(1);
    expect(await monitor.monitor()).toEqual({ staleAgents: 0, stuckTasks: 1 });
    await until(() => seen.signals.length === 2);
    expect(seen.signals[0].aborted).toBe(true);
    await quietFor(300_001);
    expect(await monitor.monitor()).toEqual({ staleAgents: 0, stuckTasks: 1 });
    const session = await waitFor(id);
    expect([session.status, session.tasks[0].attempts, session.tasks[0].reason]).toEqual([
      'failed',
      2,
      expect.stringMatching(/^stuck: /),
    ]);
  });

  it('a stale agent’s running task goes to another agent on its retry', async () => {
    for (const agent of ['w1', 'w2'])
      await request({ method: 'POST', url: `/hierarchy/agents/${agent}/heartbeat`, payload: {} });
    const id = await create([{ id: 'g', type: 'count', input: { gated: true } }], { maxRetries: 1 });
    await until(() => seen.keys.length === 1);
    const first = (await get(id)).tasks[0].agentId!;
    const other = first === 'w1' ? 'w2' : 'w1';
    clock.advance(61_000);
    await request({ method: 'POST', url: `/hierarchy/agents/${other}/heartbeat`, payload: {} });
    expect(await app.get(HierarchyMonitor).monitor()).toEqual({ staleAgents: 1, stuckTasks: 1 });
    await until(() => seen.keys.length === 2);
    seen.gate.resolve();
    const session = await waitFor(id);
    expect([session.status, session.tasks[0].agentId, session.tasks[0].attempts]).toEqual(['completed', other, 2]);
    await request({ method: 'POST', url: `/hierarchy/agents/${first}/heartbeat`, payload: {} });
  });

  it('cancels a running session: its handler’s signal aborts, nothing more starts', async () => {
    const id = await create([
      { id: 'h', type: 'hang' },
      { id: 'next', type: 'count', dependencies: ['h'] },
    ]);
    await until(() => seen.signals.length === 1);
    const res = await request({ method: 'POST', url: `/hierarchy/sessions/${id}/cancel` });
    expect(res.statusCode).toBe(200);
    const session = await get(id);
    expect([session.status, seen.signals[0].aborted, session.tasks.map((t) => t.status)]).toEqual([
      'cancelled',
      true,
      ['failed', 'skipped'],
    ]);
    const again = await request({ method: 'POST', url: `/hierarchy/sessions/${id}/cancel` });
    expect(again.statusCode).toBe(409);
  });

  it('recovers a failed session selectively: the failed task runs again and the session completes', async () => {
    const id = await create(
      [
        { id: 'ok', type: 'count' },
        { id: 'f', type: 'flaky' },
      ],
      { maxRetries: 1 },
    );
    expect(rows(await waitFor(id))[1]).toEqual(['f', 'failed', 2, 'still broken']);
    seen.broken = false;
    const res = await request({
      method: 'POST',
      url: `/hierarchy/sessions/${id}/recover`,
      payload: { affected: ['agent:w1'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ strategy: string; requeued: string[] }>()).toMatchObject({
      strategy: 'selective_restart',
      requeued: [`${id}_f`],
    });
    const session = await waitFor(id);
    // The completed task was not run again; the flaky one's third attempt (its round after the recovery) succeeded.
    expect([session.status, rows(session)]).toEqual([
      'completed',
      [
        ['ok', 'completed', 1, null],
        ['f', 'completed', 3, null],
      ],
    ]);
    expect(seen.keys.filter((k) => k.endsWith('_ok#1'))).toHaveLength(1);
    expect(seen.keys).toEqual([`${id}/${id}_ok#1`, `${id}/${id}_f#1`, `${id}/${id}_f#2`, `${id}/${id}_f#3`]);
    // A completed session is not recovered.
    const settled = await request({ method: 'POST', url: `/hierarchy/sessions/${id}/recover`, payload: {} });
    expect(settled.statusCode).toBe(409);
  });

  it(
    'resumes a session stopped by a restart: settled tasks are kept, the interrupted attempt runs again under its key',
    async () => {
      const id = await create([
        { id: 'a', type: 'count' },
        { id: 'b', type: 'count', dependencies: ['a'], input: { gated: true } },
      ]);
      await until(() => seen.keys.length === 2);
      await app.close();
      const stopped = { keys: [...seen.keys] };
      expect(stopped.keys).toEqual([`${id}/${id}_a#1`, `${id}/${id}_b#1`]);
      seen.gate = newGate();
      seen.gate.resolve();
      await boot();
      const session = await waitFor(id);
      expect([session.status, session.starts, rows(session)]).toEqual([
        'completed',
        2,
        [
          ['a', 'completed', 1, null],
          ['b', 'completed', 1, null],
        ],
      ]);
      // `a` was not run again; `b`'s interrupted attempt ran again with the same key, its side effect once.
      expect(seen.keys).toEqual([`${id}/${id}_a#1`, `${id}/${id}_b#1`, `${id}/${id}_b#1`]);
      expect([...seen.effects.values()]).toEqual([1, 1]);
    },
    BOOT_TIMEOUT_MS,
  );
});
