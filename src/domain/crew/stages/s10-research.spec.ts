import { fail, ok, skip } from '../../../core/result/step-result';
import { DisabledLlm, type LlmCompletion, type LlmPort, type LlmRequest } from '../ports/llm.port';
import { researchStage, researchTopics, synthesisConfidence } from './s10-research';
import type { StageRun } from './stage.types';
import { RequestBudget, runWithBudget } from '../run-support/budget';
import { BudgetedLlm } from '../run-support/budgeted-llm';

const run: StageRun = {
  workflowId: 'w1',
  url: 'https://example.com/a',
  depth: 'standard',
  tenantId: 't',
  workspaceId: 'ws',
  signal: new AbortController().signal,
};
const s2 = ok<Record<string, unknown>>({ transcript: 'The city budget grew by 12 percent in 2023.' });
const s4 = ok<Record<string, unknown>>({ fact_checks: { claims: ['The city budget grew by 12 percent in 2023.'] } });

/** A fake LLM answering `text` and recording its requests. */
function fakeLlm(text: string | Error): LlmPort & { requests: LlmRequest[] } {
  const requests: LlmRequest[] = [];
  return {
    enabled: true,
    defaultModel: 'stand-in',
    requests,
    async complete(request: LlmRequest): Promise<LlmCompletion> {
      requests.push(request);
      if (text instanceof Error) throw text;
      return { text, model: 'fake-1', inputTokens: 10, outputTokens: 5, finishReason: 'stop' };
    },
  };
}

describe(researchStage.name, () => {
  it('is skipped with llm_unavailable without an LLM', async () => {
    expect(await researchStage({ llm: new DisabledLlm() }, run, s2, s4)).toEqual(skip('llm_unavailable'));
  });

  it('is skipped with no_transcript when S2 is not ok or blank', async () => {
    const llm = fakeLlm('{}');
    expect(await researchStage({ llm }, run, skip('no_transcript'), s4)).toEqual(skip('no_transcript'));
    expect(await researchStage({ llm }, run, ok({ transcript: '  ' }), s4)).toEqual(skip('no_transcript'));
    expect(llm.requests).toHaveLength(0);
  });

  it('makes one call with the run signal, the transcript and the S4 claims', async () => {
    const llm = fakeLlm('{"research_topics": []}');
    await researchStage({ llm }, run, s2, s4);
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]?.signal).toBe(run.signal);
    expect(llm.requests[0]?.prompt).toContain(
      'Claims under verification:\n- The city budget grew by 12 percent in 2023.',
    );
    expect(llm.requests[0]?.prompt).toContain('Transcript:\nThe city budget grew');
  });

  it('parses fenced JSON with a trailing comma and averages the model scores', async () => {
    const answer =
      '```json\n{"research_topics": ["municipal budgets", {"topic": "inflation"}], "contextual_relevance": "Local fiscal debate", "source_diversity": 0.6, "evidence_strength": 0.9,}\n```';
    const result = await researchStage({ llm: fakeLlm(answer) }, run, s2, fail('processing', 'x'));
    expect(result).toEqual(
      ok({
        research_topics: ['municipal budgets', 'inflation'],
        contextual_relevance: 'Local fiscal debate',
        synthesis_confidence: 0.75,
        confidence_basis: 'model_scores',
        model: 'fake-1',
      }),
    );
  });

  it('keeps an answer without JSON, with bullet topics and the integration-word ratio', async () => {
    const answer = 'Topics:\n- budgets\n2. taxes\nThe sources are consistent and corroborated, but one is conflicting.';
    const result = await researchStage({ llm: fakeLlm(answer) }, run, s2, s4);
    expect(result).toMatchObject({
      status: 'ok',
      data: {
        research_topics: ['budgets', 'taxes'],
        contextual_relevance: null,
        synthesis_confidence: 0.667,
        confidence_basis: 'integration_words',
        analysis: answer,
      },
    });
  });

  it('returns an unavailable error when the call fails', async () => {
    const result = await researchStage({ llm: fakeLlm(new Error('429 too many')) }, run, s2, s4);
    expect(result).toMatchObject({
      status: 'error',
      category: 'unavailable',
      error: 'research synthesis failed: 429 too many',
    });
  });
});

describe(synthesisConfidence.name, () => {
  it('A15: mean of the numeric scores present, clamped, 3 dp', () => {
    expect(synthesisConfidence({ source_diversity: 0.5, evidence_strength: 0.8, cross_validation: 0.7 }, '')).toEqual({
      value: 0.667,
      basis: 'model_scores',
    });
    expect(synthesisConfidence({ source_diversity: 2, cross_validation: 'high' }, '')).toEqual({
      value: 1,
      basis: 'model_scores',
    });
  });

  it('A15: falls back to integration / (integration + fragmentation) words, then .5', () => {
    expect(synthesisConfidence({ source_diversity: 'n/a' }, 'Fragmented and contradictory, yet coherent.')).toEqual({
      value: 0.333,
      basis: 'integration_words',
    });
    expect(synthesisConfidence(undefined, 'Nothing to judge here.')).toEqual({ value: 0.5, basis: 'default' });
  });
});

describe(researchTopics.name, () => {
  it('keeps non-blank, distinct topics, at most eight', () => {
    const topics = Array.from({ length: 10 }, (_, i) => `t${i}`);
    expect(researchTopics({ research_topics: [' a ', 'a', '', 3, ...topics] }, '')).toEqual([
      'a',
      't0',
      't1',
      't2',
      't3',
      't4',
      't5',
      't6',
    ]);
    expect(researchTopics({ research_topics: 'not a list' }, '- ignored')).toEqual([]);
  });
});

describe('research synthesis under a request budget', () => {
  it('reports a refused LLM call as budget_exceeded, so the run goes on with the reason', async () => {
    const llm = new BudgetedLlm({
      enabled: true,
      defaultModel: 'gpt-4o',
      complete: async () => ({ text: '', model: 'gpt-4o', inputTokens: 0, outputTokens: 0, finishReason: 'stop' }),
    });
    const budget = new RequestBudget({ totalLimit: 0.000_001, perTaskLimits: {} });
    const s2 = ok({ transcript: 'The bridge cost 40 million dollars in 2025.' });
    const result = await runWithBudget(budget, () =>
      researchStage(
        { llm },
        { workflowId: 'w', url: 'https://example.org', depth: 'standard', tenantId: 't', workspaceId: 'w' },
        s2,
        ok({}),
      ),
    );
    expect(result).toMatchObject({ status: 'error', category: 'budget_exceeded' });
    expect((result as { error: string }).error).toMatch(/^research synthesis failed: /);
  });
});
