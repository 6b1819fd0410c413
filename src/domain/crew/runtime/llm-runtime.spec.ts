import { ok, skip } from '../../../core/result/step-result';
import type { LlmCompletion, LlmPort, LlmRequest } from '../ports/llm.port';
import { SharedTaskContext } from '../output/shared-task-context';
import { buildCrewPlan, type CrewPlan, type TaskId } from '../plan/crew-plan';
import type { ParallelConfig } from '../plan/parallel-config';
import { RequestBudget, runWithBudget } from '../run-support/budget';
import { BudgetExceededError } from '../run-support/budget-exceeded.error';
import { BudgetedLlm } from '../run-support/budgeted-llm';
import { llmCallCost } from '../run-support/model-prices';
import type { StageTools } from '../ports/stage-tools.port';
import type { StageResult } from '../stages/stage.types';
import type { AgentRunContext, AgentRunInputs } from '../ports/agent-runtime.port';
import { LlmAgentRuntime, PROMPT_TEXT_LIMIT } from './llm-runtime';

const URL = 'https://www.youtube.com/watch?v=abc123';
const INPUTS: AgentRunInputs = { url: URL, depth: 'standard' };
const CONFIG: ParallelConfig = {
  parallelAnalysis: true,
  parallelFactChecking: true,
  parallelMemoryOps: true,
  maxConcurrent: 2,
  threshold: 3,
  memoryEfficient: false,
  cpuEfficient: false,
};
const SEQUENTIAL = buildCrewPlan(URL, 'standard', { ...CONFIG, parallelAnalysis: false });
const PARALLEL = buildCrewPlan(URL, 'standard', CONFIG);
const TRANSCRIPT = 'The moon landing happened in 1969. '.repeat(5);

/** Replies to each task with its id as a transcript/summary, reporting 1000 prompt and 500 completion tokens of gpt-4o. */
class FakeLlm implements LlmPort {
  readonly enabled = true;
  readonly requests: LlmRequest[] = [];
  constructor(
    private readonly usage = { inputTokens: 1000, outputTokens: 500 },
    readonly defaultModel = 'gpt-4o',
  ) {}

  async complete(request: LlmRequest): Promise<LlmCompletion> {
    this.requests.push(request);
    const n = this.requests.length;
    return {
      text: `Reply ${n}.\n\`\`\`json\n{"file_path": "/tmp/a.mp4", "transcript": "${TRANSCRIPT}"}\n\`\`\``,
      model: 'gpt-4o',
      finishReason: 'stop',
      ...this.usage,
    };
  }
}

function fakeTools(transcript = TRANSCRIPT): StageTools {
  const stages: Record<string, StageResult> = {
    acquisition: ok({ source_url: URL, download: { url: 'https://cdn.example/a.mp4', title: 'Moon' } }),
    transcription: ok({ transcript, timeline_anchors: [], quality_score: 0.9 }),
    contentAnalysis: ok({ thematic_insights: ['moon-theme'] }),
    factAnalysis: ok({ fact_checks: { claims: ['The moon landing happened in 1969.'] } }),
    deception: skip('no verdicts'),
  };
  return new Proxy({} as StageTools, {
    get: (_t, key: string) => (key === 'then' ? undefined : async () => stages[key] ?? skip('not in fixture')),
  });
}

const context = (tools: StageTools = fakeTools(), signal?: AbortSignal): AgentRunContext => ({
  tenantId: 't1',
  workspaceId: 'w1',
  shared: new SharedTaskContext(),
  tools,
  signal,
});
const requestFor = (llm: FakeLlm, plan: CrewPlan, id: TaskId): LlmRequest => llm.requests[plan.order.indexOf(id)];

describe(LlmAgentRuntime.name, () => {
  describe('run', () => {
    it('returns the model text of each task as its raw output', async () => {
      const llm = new FakeLlm();
      const sut = new LlmAgentRuntime(llm);
      const result = await sut.run(SEQUENTIAL, INPUTS, context());
      expect(sut.name).toBe('llm');
      expect(result.outputs.map((o) => o.taskId)).toEqual(['acquisition', 'transcription', 'analysis']);
      expect(result.outputs[1].raw).toMatch(/^Reply 2\./);
      expect(result.finalRaw).toMatch(/^Reply 3\./);
    });

    it('asks for exactly the contract keys in the agent’s role, with instructions, stage evidence and earlier outputs', async () => {
      const llm = new FakeLlm();
      await new LlmAgentRuntime(llm, { temperature: 0.1, maxTokens: 800 }).run(SEQUENTIAL, INPUTS, context());
      const analysis = requestFor(llm, SEQUENTIAL, 'analysis');
      expect(analysis.system).toContain('analysis cartographer');
      expect(analysis.system).toContain(
        'holding exactly the keys: linguistic_patterns, themes, sentiment_analysis, fact_checking, bias_analysis, credibility',
      );
      expect(analysis.prompt).toContain(SEQUENTIAL.tasks.analysis?.instructions);
      expect(analysis.prompt).toContain('moon-theme');
      expect(analysis.prompt).toContain('"reason": "no verdicts"');
      expect(analysis.prompt).toContain('Outputs of earlier tasks');
      expect(analysis.prompt).toContain(TRANSCRIPT);
      expect(analysis).toMatchObject({ temperature: 0.1, maxTokens: 800 });
      expect(requestFor(llm, SEQUENTIAL, 'acquisition').system).toContain(
        'url, video_id, file_path, title, description, author, duration, platform',
      );
      expect(requestFor(llm, SEQUENTIAL, 'acquisition').prompt).toContain('https://cdn.example/a.mp4');
    });

    it('refreshes the definitions once as the run starts, so every task of the run uses the newest one', async () => {
      const llm = new FakeLlm();
      let goal = 'Old goal.';
      const definitions = {
        refresh: jest.fn(async () => {
          goal = 'New goal.';
        }),
        definitionOf: () => ({
          role: 'Mapper',
          goal,
          backstory: 'B.',
          tools: [],
          reasoning: false,
          memory: false,
          verbose: false,
          allow_delegation: false,
          metadata: {},
        }),
      };
      await new LlmAgentRuntime(llm, { definitions }).run(SEQUENTIAL, INPUTS, context());
      expect(definitions.refresh).toHaveBeenCalledTimes(1);
      expect(llm.requests.map((r) => r.system?.split('\n')[0])).toEqual([
        'You are the Mapper. Your goal: New goal.',
        'You are the Mapper. Your goal: New goal.',
        'You are the Mapper. Your goal: New goal.',
      ]);
    });

    it(`cuts long texts in the prompt to ${PROMPT_TEXT_LIMIT} characters`, async () => {
      const llm = new FakeLlm();
      const long = 'x'.repeat(PROMPT_TEXT_LIMIT + 500);
      await new LlmAgentRuntime(llm).run(SEQUENTIAL, INPUTS, context(fakeTools(long)));
      const prompt = requestFor(llm, SEQUENTIAL, 'transcription').prompt;
      expect(prompt).not.toContain(long);
      expect(prompt).toContain(`${'x'.repeat(PROMPT_TEXT_LIMIT)} [cut at ${PROMPT_TEXT_LIMIT} characters]`);
    });

    it('passes the run’s signal to the model', async () => {
      const llm = new FakeLlm();
      const signal = new AbortController().signal;
      await new LlmAgentRuntime(llm).run(SEQUENTIAL, INPUTS, context(fakeTools(), signal));
      expect(llm.requests.every((r) => r.signal === signal)).toBe(true);
    });

    it('names each task as the cost task, so the budgeted port charges it to the task’s category', async () => {
      const budget = RequestBudget.forDepth('standard');
      await runWithBudget(budget, () =>
        new LlmAgentRuntime(new BudgetedLlm(new FakeLlm())).run(PARALLEL, INPUTS, context()),
      );
      const call = llmCallCost('gpt-4o', 1500);
      expect(budget.snapshot().byTask).toEqual({
        acquisition: call,
        transcription: call,
        analysis: call,
        verification: 2 * call,
      });
      expect(budget.spent).toBeCloseTo(5 * call, 9);
    });

    it('charges the estimate when the server reports no usage', async () => {
      const budget = RequestBudget.forDepth('standard');
      await runWithBudget(budget, () =>
        new LlmAgentRuntime(new BudgetedLlm(new FakeLlm({ inputTokens: 0, outputTokens: 0 }, 'unpriced')), {
          maxTokens: 1000,
        }).run(SEQUENTIAL, INPUTS, context()),
      );
      expect(budget.taskSpent('acquisition')).toBeGreaterThan(llmCallCost('unpriced', 1000));
    });

    it('runs without charging when no budget is active', async () => {
      const llm = new FakeLlm();
      await expect(new LlmAgentRuntime(llm).run(SEQUENTIAL, INPUTS, context())).resolves.toBeDefined();
      expect(llm.requests).toHaveLength(3);
    });

    it('throws BudgetExceededError without calling the model when the estimate does not fit the task’s cap', async () => {
      const llm = new FakeLlm();
      const budget = new RequestBudget({ totalLimit: 1, perTaskLimits: { acquisition: 0.000_001 } });
      const run = runWithBudget(budget, () =>
        new LlmAgentRuntime(new BudgetedLlm(llm)).run(SEQUENTIAL, INPUTS, context()),
      );
      await expect(run).rejects.toBeInstanceOf(BudgetExceededError);
      await expect(run).rejects.toMatchObject({ taskId: 'acquisition', scope: 'task', limit: 0.000_001 });
      expect(llm.requests).toHaveLength(0);
      expect(budget.spent).toBe(0);
    });

    it('records reported usage even past the total (the money is spent), and the budget then refuses the next call', async () => {
      const budget = new RequestBudget({ totalLimit: 0.06, perTaskLimits: {} });
      const llm = new FakeLlm({ inputTokens: 4000, outputTokens: 1000 }, 'llama-3.1-8b-instruct');
      const overruns: string[] = [];
      const budgeted = new BudgetedLlm(llm, { onOverrun: (task) => overruns.push(task) });
      await runWithBudget(budget, () => new LlmAgentRuntime(budgeted).run(SEQUENTIAL, INPUTS, context()));
      expect(budget.spent).toBeCloseTo(3 * llmCallCost('gpt-4o', 5000), 9);
      expect(overruns).toEqual(['analysis']);
      const next = runWithBudget(budget, () => budgeted.complete({ prompt: 'One more.', costTask: 'integration' }));
      await expect(next).rejects.toMatchObject({ name: 'BudgetExceededError', scope: 'total' });
      expect(llm.requests).toHaveLength(3);
    });
  });
});
