import { fail, ok, skip } from '../../../core/result/step-result';
import { SharedTaskContext } from '../output/shared-task-context';
import type { TaskOutput } from '../output/parse-task-output';
import { buildCrewPlan, type CrewPlan, type PlannedTask, type TaskId } from '../plan/crew-plan';
import type { ParallelConfig } from '../plan/parallel-config';
import type { StageTools } from '../ports/stage-tools.port';
import type { StageResult } from '../stages/stage.types';
import type { AgentRunContext } from '../ports/agent-runtime.port';
import { abortableDelay, runPlan, taskEvidence } from './run-plan';

const URL = 'https://www.youtube.com/watch?v=abc123';
const CONFIG: ParallelConfig = {
  parallelAnalysis: true,
  parallelFactChecking: true,
  parallelMemoryOps: true,
  maxConcurrent: 2,
  threshold: 3,
  memoryEfficient: false,
  cpuEfficient: false,
};
const reply = (id: string): string => `Done ${id}.\n\n\`\`\`json\n{"task": "${id}"}\n\`\`\``;

function context(overrides: Partial<AgentRunContext> = {}): AgentRunContext {
  return { tenantId: 't1', workspaceId: 'w1', shared: new SharedTaskContext(), tools: {} as StageTools, ...overrides };
}

/** A promise to resolve from the test. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe(runPlan.name, () => {
  it('runs a sequential plan one task at a time in plan order', async () => {
    const plan = buildCrewPlan(URL, 'deep', { ...CONFIG, parallelAnalysis: false });
    const events: string[] = [];
    const result = await runPlan(plan, context(), async (task) => {
      events.push(`start ${task.id}`);
      await flush();
      events.push(`end ${task.id}`);
      return reply(task.id);
    });
    expect(events).toEqual(
      ['acquisition', 'transcription', 'analysis', 'integration'].flatMap((id) => [`start ${id}`, `end ${id}`]),
    );
    expect(result.outputs.map((o) => o.taskId)).toEqual(plan.order);
    expect(result.finalRaw).toBe(reply('integration'));
  });

  it('runs acquisition and transcription first, the analysis tasks concurrently, then integration', async () => {
    const plan = buildCrewPlan(URL, 'deep', { ...CONFIG, maxConcurrent: 6 });
    const started: TaskId[] = [];
    const gates = new Map<TaskId, ReturnType<typeof deferred>>();
    const run = runPlan(plan, context(), async (task) => {
      started.push(task.id);
      const gate = deferred();
      gates.set(task.id, gate);
      await gate.promise;
      return reply(task.id);
    });
    for (const id of ['acquisition', 'transcription'] as const) {
      await flush();
      expect(started.at(-1)).toBe(id);
      gates.get(id)?.resolve();
    }
    await flush();
    expect(started).toEqual(['acquisition', 'transcription', 'analysis.text', 'analysis.fact', 'analysis.bias']);
    gates.get('analysis.bias')?.resolve();
    gates.get('analysis.text')?.resolve();
    await flush();
    expect(started).not.toContain('integration');
    gates.get('analysis.fact')?.resolve();
    await flush();
    expect(started.at(-1)).toBe('integration');
    gates.get('integration')?.resolve();
    expect((await run).outputs.map((o) => o.taskId)).toEqual(plan.order);
  });

  it('never has more than maxConcurrent analysis tasks in flight (limit 2, five analysis tasks)', async () => {
    const plan = buildCrewPlan(URL, 'comprehensive', { ...CONFIG, maxConcurrent: 2 });
    let inFlight = 0;
    let maxInFlight = 0;
    const gates: ReturnType<typeof deferred>[] = [];
    const run = runPlan(plan, context(), async (task) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
      inFlight -= 1;
      return reply(task.id);
    });
    for (let released = 0; released < plan.order.length; released += 1) {
      await flush();
      gates[released].resolve();
    }
    const result = await run;
    expect(maxInFlight).toBe(2);
    expect(result.outputs).toHaveLength(8);
  });

  it('puts each parsed output into the shared context and reports it, so integration sees the analysis outputs', async () => {
    const plan = buildCrewPlan(URL, 'deep', CONFIG);
    const completed: TaskOutput[] = [];
    const ctx = context({ onTaskComplete: (output) => completed.push(output) });
    let seenByIntegration: Record<string, Record<string, unknown>> = {};
    await runPlan(plan, ctx, async (task: PlannedTask) => {
      if (task.id === 'integration') seenByIntegration = ctx.shared.inputsFor(task.context);
      return reply(task.id);
    });
    expect(Object.keys(seenByIntegration)).toEqual(['analysis.text', 'analysis.fact', 'analysis.bias']);
    expect(seenByIntegration['analysis.fact']).toMatchObject({ task: 'analysis.fact' });
    expect(completed.map((o) => o.taskId).sort()).toEqual([...plan.order].sort());
    expect(ctx.shared.get('acquisition')?.parsed).toMatchObject({ task: 'acquisition' });
  });

  it('returns outputs in plan order when analysis tasks finish out of order', async () => {
    const plan = buildCrewPlan(URL, 'standard', { ...CONFIG, maxConcurrent: 3 });
    const delays: Partial<Record<TaskId, number>> = { 'analysis.text': 3, 'analysis.fact': 1, 'analysis.bias': 2 };
    const result = await runPlan(plan, context(), async (task) => {
      for (let i = 0; i < (delays[task.id] ?? 0); i += 1) await flush();
      return reply(task.id);
    });
    expect(result.outputs).toEqual(plan.order.map((taskId) => ({ taskId, raw: reply(taskId) })));
    expect(result.finalRaw).toBe(reply('analysis.bias'));
  });

  it('rejects with an AbortError before any task starts when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const execute = jest.fn(async (task: PlannedTask) => reply(task.id));
    await expect(
      runPlan(buildCrewPlan(URL, 'standard', CONFIG), context({ signal: controller.signal }), execute),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(execute).not.toHaveBeenCalled();
  });

  it('starts no further task once the signal aborts mid-run', async () => {
    const controller = new AbortController();
    const started: TaskId[] = [];
    const run = runPlan(
      buildCrewPlan(URL, 'standard', { ...CONFIG, parallelAnalysis: false }),
      context({ signal: controller.signal }),
      async (task) => {
        started.push(task.id);
        if (task.id === 'transcription') controller.abort();
        return reply(task.id);
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(started).toEqual(['acquisition', 'transcription']);
  });

  it('rejects with the failing task’s error only after the analysis tasks in flight settle', async () => {
    const plan = buildCrewPlan(URL, 'comprehensive', { ...CONFIG, maxConcurrent: 2 });
    const settled: TaskId[] = [];
    const slow = deferred();
    const run = runPlan(plan, context(), async (task) => {
      if (task.id === 'analysis.text') {
        await slow.promise;
        settled.push(task.id);
      }
      if (task.id === 'analysis.fact') throw new Error('fact checker down');
      return reply(task.id);
    });
    let rejected = false;
    run.catch(() => (rejected = true));
    await flush();
    expect(rejected).toBe(false);
    slow.resolve();
    await expect(run).rejects.toThrow('fact checker down');
    expect(settled).toEqual(['analysis.text']);
  });

  it('throws when the order names a task the plan does not define', async () => {
    const plan: CrewPlan = { ...buildCrewPlan(URL, 'standard', CONFIG), tasks: {} };
    await expect(runPlan(plan, context(), async () => '')).rejects.toThrow('does not define it');
  });
});

describe(taskEvidence.name, () => {
  const tools = (s1: StageResult): StageTools =>
    ({
      acquisition: async () => s1,
      contentAnalysis: async () => ok({ themes: ['a'] }),
      factAnalysis: async () => fail('unavailable', 'fact backend down'),
      deception: async () => skip('no verdicts'),
    }) as unknown as StageTools;
  const task = (id: TaskId): PlannedTask =>
    buildCrewPlan(URL, 'deep', { ...CONFIG, parallelAnalysis: false }).tasks[id] as PlannedTask;

  it('collects the data of the task’s stages and why the others gave none', async () => {
    expect(await taskEvidence(task('analysis'), tools(ok({})))).toEqual({
      data: { S3: { themes: ['a'] } },
      gaps: { S4: { status: 'error', reason: 'fact backend down' }, S6: { status: 'skipped', reason: 'no verdicts' } },
    });
  });

  it('throws the S1 error with the stage result as cause when acquisition failed', async () => {
    const s1 = fail('unavailable', 'all qualities failed', { data: { step: 'content_pipeline_acquisition' } });
    await expect(taskEvidence(task('acquisition'), tools(s1))).rejects.toMatchObject({
      message: 'acquisition failed: all qualities failed',
      cause: s1,
    });
  });
});

describe(abortableDelay.name, () => {
  afterEach(() => jest.useRealTimers());

  it('resolves after the delay and rejects with an AbortError when aborted first', async () => {
    jest.useFakeTimers();
    const done = jest.fn();
    void abortableDelay(100).then(done);
    await jest.advanceTimersByTimeAsync(99);
    expect(done).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(done).toHaveBeenCalled();

    const controller = new AbortController();
    const waiting = abortableDelay(100, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});
