import { stageLibrary } from '../../../../test/fixtures/stage-deps';
import { ManualClock } from '../../../core/runtime/clock';
import type { Interaction } from '../../../core/ports/interaction-log.port';
import type { Quality } from '../../content/content.types';
import type { LlmPort } from '../../crew/ports/llm.port';
import type { StageTools, StageToolsFactory } from '../../crew/ports/stage-tools.port';
import { RecordingProgress } from '../../crew/progress/recording-progress';
import { BudgetedLlm } from '../../crew/run-support/budgeted-llm';
import type { MissionRecord } from '../mission.types';
import { newMissionRecord } from '../mission-record';
import type { Amounts } from '../planning/budget-guard';
import { planMission } from '../planning/mission-plan';
import { CheckpointConflict, MissionRun } from './mission-run';

const T0 = Date.UTC(2026, 11, 1);
const URL = 'https://example.org/talk';

/** An LLM whose every call reports 600 000 tokens of an unpriced model ($0.002 per 1 000): $1.20 a call. */
const costlyLlm = (): LlmPort =>
  new BudgetedLlm({
    enabled: true,
    defaultModel: 'stand-in',
    complete: async () => ({
      text: 'ok',
      model: 'stand-in',
      inputTokens: 500_000,
      outputTokens: 100_000,
      finishReason: 'stop',
    }),
  });

/** The stage library with `stage` also making one LLM call first (a stage that turns out dearer than planned). */
function withLlmCall(factory: StageToolsFactory, llm: LlmPort, stage: keyof StageTools): StageToolsFactory {
  return {
    create: (run) => {
      const tools = factory.create(run);
      return new Proxy(tools, {
        get(target, key, receiver) {
          if (key !== stage) return Reflect.get(target, key, receiver) as unknown;
          return async () => {
            await llm.complete({ prompt: 'analyse', costTask: 'analysis' });
            return (target[stage] as () => Promise<unknown>)();
          };
        },
      });
    },
  };
}

describe(MissionRun.name, () => {
  let clock: ManualClock;
  let progress: RecordingProgress;
  /** Every checkpoint, as stored (a JSON round trip, like the database's). */
  let saved: MissionRecord[];
  let events: string[];
  let spent: Amounts[];
  let interactions: Interaction[];

  beforeEach(() => {
    interactions = [];
    clock = new ManualClock(T0);
    progress = new RecordingProgress();
    saved = [];
    events = [];
    spent = [];
  });

  const mission = (depth: string, planningCostUsd = 0) =>
    newMissionRecord(planMission({ url: URL, depth }, 'm-1'), {
      tenantId: 'acme',
      workspaceId: 'news',
      requestId: 'r-1',
      createdAt: T0,
      planningCostUsd,
    });

  function sut(
    tools: StageToolsFactory,
    record: MissionRecord,
    o: { signal?: AbortSignal; llmEnabled?: boolean; onSave?: (r: MissionRecord) => void } = {},
  ) {
    return new MissionRun(
      {
        tools,
        clock,
        llmEnabled: o.llmEnabled ?? false,
        experimentalDepth: false,
        save: async (r) => {
          saved.push(JSON.parse(JSON.stringify(r)) as MissionRecord);
          o.onSave?.(r);
          return true;
        },
        emit: (event, payload) => events.push(typeof payload.stage === 'string' ? `${event} ${payload.stage}` : event),
        spent: (a) => spent.push(a),
        interaction: (i) => interactions.push(i),
      },
      record,
      { signal: o.signal ?? new AbortController().signal, progress },
    );
  }

  const statuses = (r: MissionRecord) => r.stages.map((s) => `${s.id}:${s.status}`);

  it('records every stage that ran as an interaction of its roster role', async () => {
    const lib = stageLibrary(clock);
    await sut(lib.factory, mission('standard')).execute();
    expect(interactions[1]).toEqual({
      tenantId: 'acme',
      agent: 'acquisition_specialist',
      taskType: 'acquisition',
      source: 'mission',
      runId: 'm-1',
      tools: ['S1'],
      toolSequence: ['S1'],
      durationMs: 1000,
      outcome: 'ok',
      quality: null,
      error: null,
      at: T0 + 1000,
    });
    expect(interactions.map((i) => `${i.agent} ${i.taskType} ${i.tools.join(',')} ${i.outcome}`)).toEqual([
      'mission_orchestrator mission_planning  ok',
      'acquisition_specialist acquisition S1 ok',
      'acquisition_specialist transcription S2 ok',
      'analysis_cartographer content_analysis S3 ok',
      'analysis_cartographer verification S4 ok',
      'analysis_cartographer threat_analysis S6 ok',
      'analysis_cartographer knowledge_integration S7 ok',
      'mission_orchestrator briefing S12 ok',
    ]);
  });

  it('runs a standard mission stage by stage, checkpointing each, within its ledger', async () => {
    const lib = stageLibrary(clock);
    const done = await sut(lib.factory, mission('standard')).execute();
    expect([done.status, done.attempts, done.error, done.startedAt, done.finishedAt]).toEqual([
      'completed',
      1,
      null,
      T0,
      T0 + 1000,
    ]);
    expect(statuses(done)).toEqual([
      'mission_planning:completed',
      'acquisition:completed',
      'transcription:completed',
      'content_analysis:completed',
      'verification:completed',
      'threat_analysis:completed',
      'knowledge_integration:completed',
      'briefing:completed',
    ]);
    // Seven crew stages, plus quality assessment pulled in by the briefing; acquisition's pipeline call took 1 s.
    expect([done.ledger, Object.keys(done.pulled), done.stages[7].spent]).toEqual([
      { costUsd: 0, toolCalls: 8, iterations: 1, seconds: 1 },
      ['S11'],
      { costUsd: 0, toolCalls: 2, seconds: 0 },
    ]);
    expect(saved.map((r) => `${r.status} ${r.stages.length}`)).toEqual([
      'running 0',
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `running ${n}`),
      'completed 8',
    ]);
    expect(events).toEqual([
      'mission.started',
      ...done.stages.map((s) => `mission.stage.completed ${s.id}`),
      'mission.completed',
    ]);
    expect(progress.texts).toEqual([
      'Mission m-1 (standard), planned by the rules: 8 stages — mission_planning → acquisition → transcription → ' +
        'content_analysis → verification → threat_analysis → knowledge_integration → briefing',
    ]);
    expect(spent.reduce((sum, a) => sum + (a.toolCalls ?? 0), 0)).toBe(8);
  });

  it('(c) invokes the content pipeline before any delegate', async () => {
    const lib = stageLibrary(clock);
    await sut(lib.factory, mission('deep')).execute();
    expect(lib.calls[0]).toBe('pipeline.process');
    expect(lib.calls.filter((c) => c === 'pipeline.process')).toHaveLength(1);
    expect(lib.calls.slice(1).every((c) => c.startsWith('analysis.') || c.startsWith('memory.'))).toBe(true);
  });

  it('delivers the briefing through the progress channel as the communication stage (deep)', async () => {
    const done = await sut(stageLibrary(clock).factory, mission('deep')).execute();
    expect(done.stages.find((s) => s.id === 'social_intelligence')).toMatchObject({
      status: 'skipped',
      reason: 'social_connectors_not_configured',
    });
    const briefing = progress.texts[1];
    expect(briefing.split('\n').slice(0, 2)).toEqual(['Mission m-1 briefing', '']);
    expect([progress.calls.length, done.messages, done.stages[11].spent]).toEqual([
      2,
      progress.texts,
      { costUsd: 0, toolCalls: 1, seconds: 0 },
    ]);
    expect(done.stages[11].result).toEqual({ status: 'ok', data: { delivered: 1, characters: briefing.length } });
  });

  it('(d) a cost overrun at stage k stops stage k+1 and returns budget_exceeded', async () => {
    const lib = stageLibrary(clock);
    const tools = withLlmCall(lib.factory, costlyLlm(), 'contentAnalysis');
    const done = await sut(tools, mission('standard'), { llmEnabled: true }).execute();
    expect([done.status, done.error, done.ledger.costUsd]).toEqual([
      'budget_exceeded',
      {
        message: 'content_analysis brought the costUsd spent to 1.2, over the limit 1: the mission stops',
        category: 'budget_exceeded',
      },
      1.2,
    ]);
    expect(statuses(done).slice(-2)).toEqual(['transcription:completed', 'content_analysis:completed']);
    expect(lib.calls).not.toContain('analysis.claims');
    expect(events.at(-1)).toBe('mission.budget_exceeded');
  });

  it('refuses a stage whose reservation does not fit what is left', async () => {
    const record = { ...mission('standard', 0.5), ledger: { costUsd: 0.6, toolCalls: 0, iterations: 0, seconds: 0 } };
    const done = await sut(stageLibrary(clock).factory, record).execute();
    expect([done.status, done.error?.message, done.stages]).toEqual([
      'budget_exceeded',
      'mission_planning needs 0.5 costUsd, only 0.4 left: the mission stops',
      [],
    ]);
  });

  it('replans when the projected spend exceeds what is left: the medium and low stages go', async () => {
    const lib = stageLibrary(clock);
    const tools = withLlmCall(lib.factory, costlyLlm(), 'contentAnalysis');
    const done = await sut(tools, mission('deep'), { llmEnabled: true }).execute();
    const decision =
      'replanned before verification: the stages left would spend 2.1 costUsd, over the 1.8 left; dropped ' +
      'social_intelligence, behavioural_profiling, research_synthesis, communication';
    expect([done.status, done.decisions, done.ledger.costUsd]).toEqual(['completed', [decision], 1.2]);
    expect(statuses(done)).toEqual([
      'mission_planning:completed',
      'acquisition:completed',
      'transcription:completed',
      'content_analysis:completed',
      'verification:completed',
      'threat_analysis:completed',
      'social_intelligence:dropped',
      'behavioural_profiling:dropped',
      'knowledge_integration:completed',
      'research_synthesis:dropped',
      'briefing:completed',
      'communication:dropped',
    ]);
    expect(events).toContain('mission.replanned');
  });

  describe('resume', () => {
    it('continues after stage k from the checkpoint, repeating no completed stage or its side effects', async () => {
      const lib = stageLibrary(clock);
      const interrupt = new AbortController();
      const first = await sut(lib.factory, mission('deep'), {
        signal: interrupt.signal,
        onSave: (r) => {
          if (r.stages.at(-1)?.id === 'knowledge_integration') interrupt.abort(new Error('shutting down'));
        },
      }).execute();
      expect([first.status, first.error, first.stages.length]).toEqual([
        'interrupted',
        { message: 'interrupted before research_synthesis finished: shutting down', category: 'unavailable' },
        9,
      ]);
      const writes = lib.memories.writes.length;
      expect([lib.pipelineCalls.length, writes, progress.calls.length]).toEqual([1, 3, 1]);
      events.length = 0;

      const stored = saved.at(-1)!;
      const resumed = await sut(lib.factory, stored).execute();

      expect([resumed.status, resumed.attempts, resumed.ledger.iterations, resumed.error]).toEqual([
        'completed',
        2,
        2,
        null,
      ]);
      expect(resumed.stages.slice(0, 9)).toEqual(stored.stages);
      expect(statuses(resumed).slice(9)).toEqual([
        'research_synthesis:skipped',
        'briefing:completed',
        'communication:completed',
      ]);
      // Acquisition's pipeline call, S7's memory writes and the plan announcement happened once.
      expect([lib.pipelineCalls.length, lib.memories.writes.length, progress.calls.length]).toEqual([1, writes, 2]);
      expect(events).toEqual([
        'mission.started',
        'mission.stage.completed research_synthesis',
        'mission.stage.completed briefing',
        'mission.stage.completed communication',
        'mission.completed',
      ]);
    });

    it('runs a stage cut short by the signal again', async () => {
      const failing: Quality[] = ['1080p'];
      const interrupt = new AbortController();
      const lib = stageLibrary(clock, {
        failing,
        onCall: (call) => call === 'pipeline.process' && interrupt.abort(new Error('deadline')),
      });
      const first = await sut(lib.factory, mission('standard'), { signal: interrupt.signal }).execute();
      expect([first.status, statuses(first), lib.pipelineCalls.length]).toEqual([
        'interrupted',
        ['mission_planning:completed'],
        1,
      ]);
      const resumed = await sut(lib.factory, saved.at(-1)!).execute();
      expect([resumed.status, resumed.stages[1].status, lib.pipelineCalls.map((c) => c.quality)]).toEqual([
        'completed',
        'completed',
        ['1080p', '1080p', '720p'],
      ]);
    });

    it('fails on a failed acquisition with its category, and a resume runs it again', async () => {
      const failing: Quality[] = ['1080p', '720p', '480p', 'audio'];
      const lib = stageLibrary(clock, { failing });
      const failed = await sut(lib.factory, mission('standard')).execute();
      expect([failed.status, failed.error?.category, statuses(failed)]).toEqual([
        'failed',
        'processing',
        ['mission_planning:completed', 'acquisition:failed'],
      ]);
      failing.length = 0;
      const resumed = await sut(lib.factory, saved.at(-1)!).execute();
      expect([resumed.status, resumed.stages[1].status, resumed.stages[1].result?.status]).toEqual([
        'completed',
        'completed',
        'ok',
      ]);
    });

    it('stops with budget_exceeded once every iteration has been started', async () => {
      const record: MissionRecord = {
        ...mission('standard'),
        status: 'interrupted',
        attempts: 3,
        ledger: { costUsd: 0, toolCalls: 2, iterations: 3, seconds: 1 },
      };
      const done = await sut(stageLibrary(clock).factory, record).execute();
      expect([done.status, done.error?.message, done.attempts]).toEqual([
        'budget_exceeded',
        'the iterations budget (3) is spent: the mission was started 3 times',
        3,
      ]);
    });
  });
});

describe(`${MissionRun.name}, one stage at a time (hierarchical mode)`, () => {
  const clock = new ManualClock(T0);
  const start = () =>
    newMissionRecord(planMission({ url: URL, depth: 'standard' }, 'm-1'), {
      tenantId: 'acme',
      workspaceId: 'news',
      requestId: 'r-1',
      createdAt: T0,
      planningCostUsd: 0,
      mode: 'hierarchical',
    });

  /** A store of one mission with the repository's rule: a checkpoint is written over its own revision only. */
  function store(first: MissionRecord) {
    let stored = first;
    const events: string[] = [];
    const runOf = (record: MissionRecord, tools: StageToolsFactory, signal = new AbortController().signal) =>
      new MissionRun(
        {
          tools,
          clock,
          llmEnabled: false,
          experimentalDepth: false,
          save: async (r) => {
            if (r.revision !== stored.revision) return false;
            stored = JSON.parse(JSON.stringify({ ...r, revision: r.revision + 1 })) as MissionRecord;
            return true;
          },
          emit: (event, payload) =>
            events.push(typeof payload.stage === 'string' ? `${event} ${payload.stage}` : event),
          spent: () => undefined,
        },
        record,
        { signal, progress: new RecordingProgress() },
      );
    return { runOf, events, get: () => stored };
  }

  it('runs the stages one by one, each from the stored record, to the same mission as the pipeline', async () => {
    const lib = stageLibrary(clock);
    const db = store(start());
    expect(await db.runOf(db.get(), lib.factory).begin('run-1')).toBeUndefined();
    expect([db.get().status, db.get().runId, db.get().attempts, db.get().ledger.iterations]).toEqual([
      'running',
      'run-1',
      1,
      1,
    ]);
    const kinds: string[] = [];
    for (const { id } of db.get().plan.stages) {
      const ran = await db.runOf(db.get(), lib.factory).stage(id);
      kinds.push(ran.kind === 'ran' ? `${ran.outcome.id}:${ran.outcome.status}:${ran.record.status}` : ran.kind);
    }
    expect(kinds).toEqual([
      'mission_planning:completed:running',
      'acquisition:completed:running',
      'transcription:completed:running',
      'content_analysis:completed:running',
      'verification:completed:running',
      'threat_analysis:completed:running',
      'knowledge_integration:completed:running',
      'briefing:completed:completed',
    ]);
    // The same spend as the pipeline run of this plan: eight tool calls, one iteration.
    expect(db.get().ledger).toEqual({ costUsd: 0, toolCalls: 8, iterations: 1, seconds: 1 });
    expect(lib.calls.filter((c) => c === 'pipeline.process')).toHaveLength(1);
    expect(db.events.at(-1)).toBe('mission.completed');
  });

  it('answers a stage that already has its outcome from the checkpoint, running nothing', async () => {
    const lib = stageLibrary(clock);
    const db = store(start());
    await db.runOf(db.get(), lib.factory).begin('run-1');
    await db.runOf(db.get(), lib.factory).stage('mission_planning');
    await db.runOf(db.get(), lib.factory).stage('acquisition');
    const calls = lib.calls.length;
    const revision = db.get().revision;
    const again = await db.runOf(db.get(), lib.factory).stage('acquisition');
    expect(again.kind === 'ran' ? again.outcome.status : again.kind).toBe('completed');
    expect([lib.calls.length, db.get().revision]).toEqual([calls, revision]);
  });

  it('leaves a stage cut short by its signal without an outcome, the mission still running', async () => {
    const lib = stageLibrary(clock);
    const db = store(start());
    await db.runOf(db.get(), lib.factory).begin('run-1');
    await db.runOf(db.get(), lib.factory).stage('mission_planning');
    const aborted = new AbortController();
    aborted.abort(new Error('task timed out'));
    const ran = await db.runOf(db.get(), lib.factory, aborted.signal).stage('acquisition');
    expect(ran.kind).toBe('cut_short');
    expect([db.get().status, db.get().stages.map((s) => s.id)]).toEqual(['running', ['mission_planning']]);
  });

  it('stops with a CheckpointConflict when another writer checkpointed the mission since it was read', async () => {
    const lib = stageLibrary(clock);
    const db = store(start());
    await db.runOf(db.get(), lib.factory).begin('run-1');
    const read = db.get();
    await db.runOf(db.get(), lib.factory).stage('mission_planning');
    const revision = db.get().revision;
    // A timed-out attempt still going, with the record it read before the retry checkpointed the stage.
    await expect(db.runOf(read, lib.factory).stage('mission_planning')).rejects.toThrow(CheckpointConflict);
    expect([db.get().revision, db.get().stages.map((s) => s.id)]).toEqual([revision, ['mission_planning']]);
  });
});
