import { autonomousSut, TALK } from '../../../test/fixtures/autonomous';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { ManualClock } from '../../core/runtime/clock';
import { RecordingProgress } from '../crew/progress/recording-progress';
import type { RunInProcessOptions } from '../crew/run-support/run-in-process-options';
import type { AutonomousInput } from './autonomous.orchestrator';
import { chargeCurrentBudget } from '../crew/run-support/budget';
import type { AgentRuntime } from '../crew/ports/agent-runtime.port';
import type { LlmPort } from '../crew/ports/llm.port';
import { DeterministicAgentRuntime } from '../crew/runtime/deterministic-runtime';
import type { AutointelResult } from './workflow/autointel-result';

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const URL = 'https://example.org/council-talk';
const ctx = (tenantId = 'acme') => OrchestrationContext.create({ tenantId, workspaceId: 'news', requestId: 'r1' });

/** Runs the orchestrator; `progress` and `workflowId` go as the in-process options they are, the rest as input. */
async function run(
  sut: ReturnType<typeof autonomousSut>,
  { progress, workflowId, ...input }: AutonomousInput & Pick<RunInProcessOptions, 'progress' | 'workflowId'>,
  tenant = 'acme',
): Promise<AutointelResult> {
  const result = await sut.orchestrator.orchestrate(ctx(tenant), input, { progress, workflowId });
  if (result.status === 'ok') return result.data;
  if (result.status === 'error' && result.data) return result.data;
  throw new Error(`unexpected ${JSON.stringify(result)}`);
}

const steps = (p: RecordingProgress) => p.calls.filter((c) => c.step).map((c) => `${c.step!.current}/${c.step!.total}`);

/** A runtime that returns a fixed final text, after optionally charging the request budget or throwing first. */
function scriptedRuntime(
  options: { finalRaw?: string; charge?: number; throwFirst?: string[] } = {},
): AgentRuntime & { kickoffs: number } {
  const errors = [...(options.throwFirst ?? [])];
  const runtime = {
    name: 'scripted',
    kickoffs: 0,
    async run() {
      runtime.kickoffs += 1;
      const error = errors.shift();
      if (error) throw new Error(error);
      if (options.charge) chargeCurrentBudget('analysis', options.charge);
      return { outputs: [], finalRaw: options.finalRaw ?? 'done' };
    },
  };
  return runtime;
}

describe('autonomous_intelligence', () => {
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock(T0);
  });

  it('A2 experimental with the gate off runs comprehensive after one 0/1 notice; with the gate on it runs experimental', async () => {
    const progress = new RecordingProgress();
    const off = await run(autonomousSut(clock), { url: URL, depth: 'Experimental - Cutting-Edge AI', progress });
    expect([off.requestedDepth, off.effectiveDepth, off.downgraded]).toEqual(['experimental', 'comprehensive', true]);
    expect(steps(progress)[0]).toBe('0/1');
    expect(progress.calls[0].text).toBe(
      'Experimental depth is not enabled here; running a comprehensive analysis instead\n⚪ 0/1 (0%)',
    );
    const on = await run(autonomousSut(clock, { config: { autointel: { experimentalDepth: true } } }), {
      url: URL,
      depth: 'experimental',
    });
    expect([on.effectiveDepth, on.downgraded, Object.keys(on.stages.extras ?? {}).length]).toEqual([
      'experimental',
      false,
      10,
    ]);
  });

  it('A3 progress is exactly 0,1,2,3,4,5 of 5 with the 🟢 bar; the router notice appears only when routing is on', async () => {
    const progress = new RecordingProgress();
    await run(autonomousSut(clock), { url: URL, progress });
    expect(steps(progress)).toEqual(['0/5', '1/5', '2/5', '3/5', '4/5', '5/5']);
    expect(progress.calls.find((c) => c.step?.current === 2)!.text).toBe(
      'Executing the analysis crew\n🟢🟢⚪⚪⚪ 2/5 (40%)',
    );
    const routed = new RecordingProgress();
    await run(autonomousSut(clock, { config: { autointel: { semanticRouter: true } } }), {
      url: 'https://example.org/transcribe-this-audio-file',
      progress: routed,
    });
    expect(steps(routed)).toEqual(['0/5', '1/5', '1/5', '2/5', '3/5', '4/5', '5/5']);
    expect(routed.calls[1].text).toMatch(/^Routing: transcription\n/);
  });

  it('A6 a token error gives exactly one more kickoff and success; another error fails the run with the Crew Workflow message and the error counter', async () => {
    const retried = scriptedRuntime({ throwFirst: ['maximum context length exceeded: 9000 tokens'] });
    const ok = await run(autonomousSut(clock, { runtime: retried }), { url: URL });
    expect([retried.kickoffs, ok.status]).toEqual([2, 'completed']);

    const broken = scriptedRuntime({ throwFirst: ['tool exploded'] });
    const sut = autonomousSut(clock, { runtime: broken });
    const progress = new RecordingProgress();
    const failed = await run(sut, { url: URL, progress });
    expect([broken.kickoffs, failed.status, failed.failedStage, failed.error]).toEqual([
      1,
      'failed',
      'Crew Workflow',
      'tool exploded',
    ]);
    expect(progress.calls.at(-1)!.text).toBe(
      '❌ Autonomous intelligence error\nFailed stage: Crew Workflow\nDetails: tool exploded',
    );
    const counter = await sut.registry.getSingleMetric('crew_autointel_workflows_total')!.get();
    expect(counter.values.map((v) => [v.labels.outcome, v.value])).toEqual([['error', 1]]);
  });

  it('A7 a long report goes out in messages of 1 900 characters and the rest, which join to the report', async () => {
    const progress = new RecordingProgress();
    const result = await run(autonomousSut(clock), { url: URL, progress });
    const plain = progress.calls.filter((c) => !c.step).map((c) => c.text);
    const slices = Math.ceil(result.report.length / 1900);
    expect(slices).toBeGreaterThanOrEqual(2);
    expect(plain.map((t) => t.length)).toEqual([
      ...Array.from({ length: slices - 1 }, () => 1900),
      result.report.length - 1900 * (slices - 1),
    ]);
    expect(plain.join('')).toBe(result.report);
  });

  it('A8 the cost notice appears above $0.10 of spend only', async () => {
    const cheap = await run(autonomousSut(clock, { runtime: scriptedRuntime({ charge: 0.05 }) }), { url: URL });
    expect([cheap.cost, cheap.messages.some((m) => m.startsWith('💰'))]).toEqual([
      { spent: 0.05, budget: 1.5, utilisation: 0.033 },
      false,
    ]);
    const dear = await run(autonomousSut(clock, { runtime: scriptedRuntime({ charge: 0.12 }) }), { url: URL });
    expect(dear.messages.at(-1)).toBe('💰 Cost: $0.120 of $1.50 budget (8.0% used)');
  });

  it('A9 a closed session gets no messages; the error becomes a log and the closed-session counter, and the result is kept for retrieval', async () => {
    const progress = new RecordingProgress();
    progress.closed = true;
    const sut = autonomousSut(clock, { runtime: scriptedRuntime({ throwFirst: ['boom'] }) });
    const failed = await run(sut, { url: URL, progress, workflowId: 'wf-1' });
    expect([progress.calls.length, failed.messages]).toEqual([0, []]);
    const closed = await sut.registry.getSingleMetric('crew_autointel_session_closed_total')!.get();
    expect(closed.values.map((v) => [v.labels.stage, v.value])).toEqual([['error_response_crew_workflow', 1]]);
    const kept = await run(autonomousSut(clock), { url: URL, progress, workflowId: 'wf-2' });
    expect(kept.delivery).toEqual({ status: 'session_closed_during_workflow', retrieval: 'GET /autointel/wf-2' });
  });

  it('A18 the workflow id is stable for the same URL and time, and the same input gives a byte-identical result', async () => {
    const first = await run(autonomousSut(new ManualClock(T0)), { url: URL });
    const second = await run(autonomousSut(new ManualClock(T0)), { url: URL });
    expect(first.workflowId).toMatch(/^autointel_1795521600_\d{1,4}$/);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('depths run observably different stage sets: S5 from deep, S8 from comprehensive; S5 is skipped without a social monitor', async () => {
    const ids = (r: AutointelResult) => Object.keys(r.stages).filter((k) => k !== 'extras');
    const standard = await run(autonomousSut(clock), { url: URL, depth: 'standard' });
    const deep = await run(autonomousSut(clock), { url: URL, depth: 'deep' });
    const comprehensive = await run(autonomousSut(clock), { url: URL, depth: 'comprehensive' });
    expect(ids(standard)).toEqual(['S1', 'S2', 'S3', 'S4', 'S6', 'S7', 'S9', 'S10', 'S11', 'S12']);
    expect(ids(deep)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S9', 'S10', 'S11', 'S12']);
    expect(ids(comprehensive)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9', 'S10', 'S11', 'S12']);
    expect(deep.stages.S5).toMatchObject({ status: 'skipped' });
    expect((deep.stages.S5 as { reason: string }).reason).toMatch(/^social_connectors_not_configured/);
    expect([standard.plan.tasks.length, deep.plan.tasks.length, comprehensive.plan.tasks.length]).toEqual([5, 6, 8]);
  });

  it('runs the crew over the real stages: every task meets its contract and the tenant reaches every memory write', async () => {
    const sut = autonomousSut(clock);
    const result = await run(sut, { url: URL, depth: 'deep' });
    expect(result.status).toBe('completed');
    expect(Object.entries(result.tasks).map(([id, t]) => [id, t.schemaValid, t.placeholderFlags])).toEqual(
      result.plan.tasks.map((id) => [id, true, []]),
    );
    expect(sut.memories.writes.map((w) => [w.kind, w.tenantId, w.workspaceId])).toEqual(
      expect.arrayContaining([
        ['vector', 'acme', 'news'],
        ['graph', 'acme', 'news'],
        ['continual', 'acme', 'news'],
      ]),
    );
    expect(sut.memories.writes.every((w) => w.tenantId === 'acme' && w.workspaceId === 'news')).toBe(true);
    expect(sut.pipelineCalls.map((c) => [c.quality, c.tenantId, c.workspaceId])).toEqual([['1080p', 'acme', 'news']]);
    expect(result.synthesis).toMatchObject({ fallbackSynthesis: false, productionReady: true });
    expect(result.contentReport?.method).toMatchObject({
      mode: 'autonomous',
      depth: 'deep',
      requestedDepth: 'deep',
      engine: 'deterministic crew',
      llmUsed: false,
    });
    expect(result.report).toMatch(/\n## Assessment\n- \*\*Credibility\*\*: \d\.\d\d /);
    expect(result.report).not.toContain('```');
  });

  it('with an LLM, the report’s summary is the model’s, and the method says so', async () => {
    const llm: LlmPort = {
      enabled: true,
      defaultModel: 'stand-in',
      complete: async (request) => ({
        text: request.costTask === 'summary' ? 'The council debated the budget. Taxes rise. Critics object.' : '{}',
        model: 'stand-in',
        inputTokens: 1,
        outputTokens: 1,
        finishReason: 'stop',
      }),
    };
    const result = await run(autonomousSut(clock, { llm }), { url: URL });
    expect(result.contentReport?.content?.summary).toMatchObject({
      method: 'llm',
      sentences: ['The council debated the budget.', 'Taxes rise.', 'Critics object.'],
    });
    expect(result.contentReport?.method).toMatchObject({ llmUsed: true });
    expect(result.contentReport?.method.stages.at(-1)).toEqual({
      id: 'summary',
      name: 'LLM summary',
      status: 'ran',
      note: null,
    });
    const without = await run(autonomousSut(clock), { url: URL });
    expect([without.contentReport?.content?.summary.method, without.contentReport?.method.stages.at(-1)]).toEqual([
      'textrank',
      { id: 'summary', name: 'LLM summary', status: 'skipped', note: 'no LLM is configured' },
    ]);
  });

  it('from deep depth, a bound social monitor’s mentions become the report’s Elsewhere section', async () => {
    const social = {
      monitor: async (terms: readonly string[]) => ({
        mentions: [{ platform: 'reddit', text: `Talk about ${terms[0]}`, url: 'https://reddit.example/r/1' }],
      }),
    };
    const deep = await run(autonomousSut(clock, { social }), { url: URL, depth: 'deep' });
    expect(deep.contentReport?.elsewhere?.mentions).toEqual([
      {
        platform: 'reddit',
        text: `Talk about ${deep.contentReport?.elsewhere?.terms[0]}`,
        url: 'https://reddit.example/r/1',
      },
    ]);
    expect(deep.report).toContain('### Elsewhere\nSearched for: ');
    const standard = await run(autonomousSut(clock, { social }), { url: URL });
    expect([standard.contentReport?.elsewhere, standard.report.includes('Elsewhere')]).toEqual([null, false]);
  });

  it('an acquisition that fails on every rung fails the run with the ladder in the error and no memory write', async () => {
    const sut = autonomousSut(clock, { failing: ['1080p', '720p', '480p', 'audio'] });
    const result = await run(sut, { url: URL });
    expect([result.status, result.failedStage]).toEqual(['failed', 'Crew Workflow']);
    expect(sut.pipelineCalls.map((c) => c.quality)).toEqual(['1080p', '720p', '480p', 'audio']);
    expect(sut.memories.writes).toEqual([]);
  });

  it('submits the run as a trajectory: one step per stage and task, runtime as model, latency and cost', async () => {
    const sut = autonomousSut(clock, { feedback: true, runtime: new DeterministicAgentRuntime() });
    const result = await run(sut, { url: URL });
    expect(sut.trajectories).toHaveLength(1);
    const { trajectory, evaluation } = sut.trajectories[0] as {
      trajectory: Record<string, unknown>;
      evaluation: Record<string, unknown>;
    };
    expect([trajectory.session_id, trajectory.model_id, trajectory.success, trajectory.cost_usd]).toEqual([
      result.workflowId,
      'runtime:deterministic',
      true,
      0,
    ]);
    expect((trajectory.steps as { tool_name: string }[]).map((s) => s.tool_name)).toEqual([
      ...Object.keys(result.stages).map(
        (id) =>
          `stage.${{ S1: 'acquisition', S2: 'transcription', S3: 'content_analysis', S4: 'fact_analysis', S6: 'deception_scoring', S7: 'knowledge_integration', S9: 'behavioural_profile', S10: 'research_synthesis', S11: 'quality_assessment', S12: 'intelligence_briefing' }[id]}`,
      ),
      ...result.plan.tasks.map((id) => `task.${id}`),
    ]);
    expect(evaluation.overall_score).toBe(
      (result.synthesis as { orchestratorMetadata: { synthesisQuality: { score: number } } }).orchestratorMetadata
        .synthesisQuality.score,
    );
  });

  it('refuses a blank url and a non-string depth, naming the field', async () => {
    const sut = autonomousSut(clock);
    expect(await sut.orchestrator.orchestrate(ctx(), { url: '  ' })).toMatchObject({
      status: 'error',
      category: 'validation',
      error: 'url is required (a non-blank string)',
    });
    expect(await sut.orchestrator.orchestrate(ctx(), { url: URL, depth: 3 })).toMatchObject({
      status: 'error',
      category: 'validation',
      error: 'depth must be a string, got 3',
    });
  });

  it('keeps concurrent runs apart: two tenants at once get their own ids, tasks and memory writes', async () => {
    const sut = autonomousSut(clock);
    const [a, b] = await Promise.all([
      run(sut, { url: URL, workflowId: 'a' }, 'acme'),
      run(sut, { url: `${URL}?v=2`, workflowId: 'b' }, 'globex'),
    ]);
    expect([a.workflowId, b.workflowId, a.url, b.url]).toEqual(['a', 'b', URL, `${URL}?v=2`]);
    expect(sut.memories.writes.filter((w) => w.tenantId === 'acme')).toHaveLength(3);
    expect(sut.memories.writes.filter((w) => w.tenantId === 'globex')).toHaveLength(3);
    expect(TALK.length).toBeGreaterThan(500);
  });
});
