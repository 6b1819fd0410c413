import { MemoryInteractionLog } from '../../../../test/fixtures/interaction-log';
import { ok } from '../../../core/result/step-result';
import { ManualClock } from '../../../core/runtime/clock';
import { SharedTaskContext } from '../output/shared-task-context';
import { buildCrewPlan, type CrewPlan, type PlannedTask } from '../plan/crew-plan';
import type { AgentRunContext, AgentRunInputs, AgentRunResult, AgentRuntime } from '../ports/agent-runtime.port';
import type { StageTools } from '../ports/stage-tools.port';
import { responseQuality } from '../scoring/response-quality';
import { RecordingAgentRuntime } from './recording-runtime';
import { runPlan } from './run-plan';

const URL = 'https://example.test/v/1';
const PLAN = buildCrewPlan(URL, 'deep', {
  parallelAnalysis: false,
  parallelFactChecking: false,
  parallelMemoryOps: false,
  maxConcurrent: 1,
  threshold: 3,
  memoryEfficient: false,
  cpuEfficient: false,
});
const REPLY = 'According to the source, the data shows one claim because it was stated twice.';

function tools(): StageTools {
  const stage = () => Promise.resolve(ok({}));
  return {
    run: { workflowId: 'wf-1', url: URL, depth: 'deep', tenantId: 't1', workspaceId: 'w1' },
    acquisition: stage,
    transcription: stage,
    contentAnalysis: stage,
    factAnalysis: stage,
    crossPlatform: stage,
    deception: stage,
    knowledge: stage,
    analytics: stage,
    behaviour: stage,
    research: stage,
    quality: stage,
    briefing: stage,
    digest: () => Promise.resolve(null),
    results: () => ({}),
  };
}

/** Each task calls a scripted list of stages, takes 10 ms of the manual clock per call, and replies `REPLY`. */
class ScriptedRuntime implements AgentRuntime {
  readonly name = 'scripted';
  constructor(
    private readonly clock: ManualClock,
    private readonly failOn?: string,
  ) {}

  run(plan: CrewPlan, _inputs: AgentRunInputs, ctx: AgentRunContext): Promise<AgentRunResult> {
    return runPlan(plan, ctx, async (task: PlannedTask, t: StageTools) => {
      const calls: Record<string, (() => Promise<unknown>)[]> = {
        acquisition: [() => t.acquisition()],
        transcription: [() => t.transcription(), () => t.acquisition()],
        analysis: [() => t.contentAnalysis(), () => t.factAnalysis(), () => t.contentAnalysis(), () => t.deception()],
      };
      for (const call of calls[task.id] ?? []) {
        await call();
        this.clock.advance(10);
      }
      if (task.id === this.failOn) throw new Error(`${task.id} broke`);
      return task.id === 'integration' ? '' : REPLY;
    });
  }
}

describe(RecordingAgentRuntime.name, () => {
  const context = (): AgentRunContext => ({
    tenantId: 't1',
    workspaceId: 'w1',
    shared: new SharedTaskContext(),
    tools: tools(),
  });

  it('records each task the runtime ran: agent, task id, stages called in order, duration, outcome, quality', async () => {
    const clock = new ManualClock(5_000);
    const log = new MemoryInteractionLog();
    const sut = new RecordingAgentRuntime(new ScriptedRuntime(clock), () => log, clock);
    await sut.run(PLAN, { url: URL, depth: 'deep' }, context());
    const quality = responseQuality(REPLY, 'analysis');
    expect(sut.name).toBe('scripted');
    expect(log.stored).toEqual([
      {
        seq: 1,
        tenantId: 't1',
        agent: 'acquisition_specialist',
        taskType: 'acquisition',
        source: 'crew',
        runId: 'wf-1',
        tools: ['S1'],
        toolSequence: ['S1'],
        durationMs: 10,
        outcome: 'ok',
        quality: responseQuality(REPLY, 'acquisition'),
        error: null,
        at: 5_010,
      },
      expect.objectContaining({
        agent: 'transcription_engineer',
        taskType: 'transcription',
        tools: ['S2', 'S1'],
        toolSequence: ['S2', 'S1'],
        durationMs: 20,
        at: 5_030,
      }),
      expect.objectContaining({
        agent: 'analysis_cartographer',
        taskType: 'analysis',
        tools: ['S3', 'S4', 'S6'],
        toolSequence: ['S3', 'S4', 'S3', 'S6'],
        durationMs: 40,
        quality,
        at: 5_070,
      }),
      // An empty reply has nothing to score.
      expect.objectContaining({ agent: 'knowledge_integrator', taskType: 'integration', quality: null, durationMs: 0 }),
    ]);
    expect(quality).toBe(0.64); // content 0.5, accuracy 1, reasoning 0.5, UX 0.4
  });

  it('records a failed task as an error with its message, and no task after it', async () => {
    const clock = new ManualClock(0);
    const log = new MemoryInteractionLog();
    const sut = new RecordingAgentRuntime(new ScriptedRuntime(clock, 'transcription'), () => log, clock);
    await expect(sut.run(PLAN, { url: URL, depth: 'deep' }, context())).rejects.toThrow('transcription broke');
    expect(log.stored.map((i) => [i.taskType, i.outcome, i.error, i.quality])).toEqual([
      ['acquisition', 'ok', null, responseQuality(REPLY, 'acquisition')],
      ['transcription', 'error', 'transcription broke', null],
    ]);
  });

  it('keeps the caller’s own `onTaskSettled`, and runs unrecorded when no log is provided', async () => {
    const clock = new ManualClock(0);
    const seen: string[] = [];
    const ctx = { ...context(), onTaskSettled: (s: { task: PlannedTask }) => seen.push(s.task.id) };
    await new RecordingAgentRuntime(new ScriptedRuntime(clock), () => new MemoryInteractionLog(), clock).run(
      PLAN,
      { url: URL, depth: 'deep' },
      ctx,
    );
    await new RecordingAgentRuntime(new ScriptedRuntime(clock), () => undefined, clock).run(
      PLAN,
      { url: URL, depth: 'deep' },
      context(),
    );
    expect(seen).toEqual(PLAN.order);
  });
});
