import type { LlmCompletion, LlmPort, LlmRequest } from '../ports/llm.port';
import { RequestBudget, runWithBudget } from './budget';
import { BudgetedLlm, estimateTokens, ESTIMATED_COMPLETION_TOKENS } from './budgeted-llm';
import { llmCallCost } from './model-prices';

/** Answers with the model it was asked for, reporting the given usage. */
function fakeLlm(usage = { inputTokens: 1000, outputTokens: 500 }): LlmPort & { requests: LlmRequest[] } {
  const requests: LlmRequest[] = [];
  return {
    enabled: true,
    defaultModel: 'gpt-4o',
    requests,
    async complete(request): Promise<LlmCompletion> {
      requests.push(request);
      return { text: 'ok', model: request.model ?? 'gpt-4o', finishReason: 'stop', ...usage };
    },
  };
}

describe(BudgetedLlm.name, () => {
  it('estimates prompt characters / 4 plus the completion cap', () => {
    expect(estimateTokens({ system: 'abcd', prompt: 'x'.repeat(10), maxTokens: 50 })).toBe(4 + 50);
    expect(estimateTokens({ prompt: 'abc' })).toBe(1 + ESTIMATED_COMPLETION_TOKENS);
  });

  it('passes calls through unchanged outside a budget scope', async () => {
    const inner = fakeLlm();
    await new BudgetedLlm(inner).complete({ prompt: 'hi', costTask: 'analysis' });
    expect(inner.requests).toEqual([{ prompt: 'hi', costTask: 'analysis' }]);
  });

  it('charges the reported tokens × the model price to the request’s cost task', async () => {
    const budget = RequestBudget.forDepth('standard');
    await runWithBudget(budget, () => new BudgetedLlm(fakeLlm()).complete({ prompt: 'hi', costTask: 'analysis.fact' }));
    expect(budget.snapshot().byTask).toEqual({ verification: llmCallCost('gpt-4o', 1500) });
  });

  it('falls back to the cheaper model when the configured one does not fit the task cap, and refuses when neither fits', async () => {
    const inner = fakeLlm({ inputTokens: 100, outputTokens: 100 });
    const rejected: string[] = [];
    const llm = new BudgetedLlm(inner, { cheaperModel: 'gpt-4o-mini', onRejected: (task) => rejected.push(task) });
    const gpt4o = llmCallCost('gpt-4o', estimateTokens({ prompt: 'hi', maxTokens: 10_000 }));
    const mini = llmCallCost('gpt-4o-mini', estimateTokens({ prompt: 'hi', maxTokens: 10_000 }));
    expect(mini).toBeLessThan(gpt4o);
    const budget = new RequestBudget({ totalLimit: 1, perTaskLimits: { analysis: (gpt4o + mini) / 2 } });
    await runWithBudget(budget, () => llm.complete({ prompt: 'hi', maxTokens: 10_000, costTask: 'analysis' }));
    expect(inner.requests.map((r) => r.model)).toEqual(['gpt-4o-mini']);
    const tight = new RequestBudget({ totalLimit: 1, perTaskLimits: { analysis: mini / 2 } });
    const refused = runWithBudget(tight, () => llm.complete({ prompt: 'hi', maxTokens: 10_000, costTask: 'analysis' }));
    await expect(refused).rejects.toMatchObject({
      name: 'BudgetExceededError',
      category: 'budget_exceeded',
      scope: 'task',
      taskId: 'analysis',
    });
    expect([inner.requests.length, rejected, tight.spent]).toEqual([1, ['analysis'], 0]);
  });

  it('A8 the analysis cap of $0.75 at standard blocks a call beyond it', async () => {
    const budget = RequestBudget.forDepth('standard');
    budget.charge('analysis', 0.74);
    const refused = runWithBudget(budget, () =>
      new BudgetedLlm(fakeLlm()).complete({ prompt: 'x'.repeat(40_000), maxTokens: 1000, costTask: 'analysis' }),
    );
    await expect(refused).rejects.toMatchObject({ scope: 'task', limit: 0.75 });
  });
});
