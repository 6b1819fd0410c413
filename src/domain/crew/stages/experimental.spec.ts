import { ok, skip } from '../../../core/result/step-result';
import { DisabledLlm, type LlmCompletion, type LlmPort, type LlmRequest } from '../ports/llm.port';
import { AGENT_NOT_AVAILABLE, EXPERIMENTAL_EXTRAS, EXTRA_MAX_TOKENS, experimentalStages } from './experimental';
import type { StageRun } from './stage.types';

const run: StageRun = {
  workflowId: 'w1',
  url: 'https://example.com/v',
  depth: 'experimental',
  tenantId: 't',
  workspaceId: 'ws',
  signal: new AbortController().signal,
};

/** A fake LLM that answers `answer-<n>` and fails its `failOn`-th call (1-based). */
function fakeLlm(failOn = 0): LlmPort & { requests: LlmRequest[]; active: number; maxActive: number } {
  const fake = {
    enabled: true,
    defaultModel: 'stand-in',
    requests: [] as LlmRequest[],
    active: 0,
    maxActive: 0,
    async complete(request: LlmRequest): Promise<LlmCompletion> {
      fake.requests.push(request);
      fake.active += 1;
      fake.maxActive = Math.max(fake.maxActive, fake.active);
      await new Promise((resolve) => setImmediate(resolve));
      fake.active -= 1;
      if (fake.requests.length === failOn) throw new Error('boom');
      return {
        text: ` answer-${fake.requests.length} `,
        model: 'fake-1',
        inputTokens: 1,
        outputTokens: 1,
        finishReason: 'stop',
      };
    },
  };
  return fake;
}

describe(experimentalStages.name, () => {
  it('lists ten distinct extras', () => {
    expect(EXPERIMENTAL_EXTRAS).toHaveLength(10);
    expect(new Set(EXPERIMENTAL_EXTRAS).size).toBe(10);
  });

  it('skips every extra with "agent not available" without an LLM', async () => {
    const results = await experimentalStages({ llm: new DisabledLlm() }, run, 'text');
    expect(Object.keys(results)).toEqual([...EXPERIMENTAL_EXTRAS]);
    expect(Object.values(results).every((r) => r.status === 'skipped' && r.reason === AGENT_NOT_AVAILABLE)).toBe(true);
    expect(results.pattern_recognition).toEqual(skip('agent not available'));
  });

  it('makes one short call per extra, one after another, with the run signal', async () => {
    const llm = fakeLlm();
    const results = await experimentalStages({ llm }, run, 'The transcript.');
    expect(llm.requests).toHaveLength(10);
    expect(llm.maxActive).toBe(1);
    expect(llm.requests.every((r) => r.signal === run.signal && r.maxTokens === EXTRA_MAX_TOKENS)).toBe(true);
    expect(llm.requests[0]?.prompt).toContain('Transcript:\nThe transcript.');
    expect(results.pattern_recognition).toEqual(ok({ analysis: 'answer-1', model: 'fake-1' }));
    expect(results.memory_consolidation).toEqual(ok({ analysis: 'answer-10', model: 'fake-1' }));
  });

  it('fails only the extra whose call fails', async () => {
    const results = await experimentalStages({ llm: fakeLlm(3) }, run, null);
    expect(results.predictive_threat).toMatchObject({
      status: 'error',
      category: 'unavailable',
      error: 'predictive_threat failed: boom',
    });
    expect(Object.values(results).filter((r) => r.status === 'ok')).toHaveLength(9);
  });

  it('still asks, naming the source, when there is no transcript', async () => {
    const llm = fakeLlm();
    await experimentalStages({ llm }, run, null);
    expect(llm.requests[0]?.prompt).toContain('Source: https://example.com/v\nTranscript:\n(no transcript available)');
  });
});
