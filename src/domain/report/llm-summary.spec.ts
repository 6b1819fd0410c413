import type { ContentDigest } from '../content';
import type { LlmCompletion, LlmPort, LlmRequest } from '../crew';
import { LLM_SUMMARY_INPUT_CHARS, summariseWithLlm } from './llm-summary';

const DIGEST = {
  summary: { sentences: ['One.', 'Two.', 'Three.', 'Four.'], method: 'textrank', outline: [] },
  topics: ['harbour'],
} as unknown as ContentDigest;

/** An LLM answering `answer` (or throwing it), recording its requests. */
function llm(answer: string | Error, enabled = true): LlmPort & { requests: LlmRequest[] } {
  const requests: LlmRequest[] = [];
  return {
    enabled,
    defaultModel: 'stand-in',
    requests,
    complete: async (request): Promise<LlmCompletion> => {
      requests.push(request);
      if (answer instanceof Error) throw answer;
      return { text: answer, model: 'stand-in', inputTokens: 10, outputTokens: 5, finishReason: 'stop' };
    },
  };
}

describe(summariseWithLlm.name, () => {
  it('puts the model’s sentences in place of the extractive ones, asking for as many', async () => {
    const model = llm('  The harbour grew.  Cargo rose by 40%! Critics said it was rushed. Officials disagreed.\n');
    const outcome = await summariseWithLlm(model, DIGEST, 'The text.');
    expect(outcome).toEqual({
      used: true,
      digest: {
        ...DIGEST,
        summary: {
          sentences: ['The harbour grew.', 'Cargo rose by 40%!', 'Critics said it was rushed.', 'Officials disagreed.'],
          method: 'llm',
          outline: [],
        },
      },
    });
    expect(model.requests[0]).toMatchObject({
      prompt: 'Summarise this document in 4 sentences.\n\n---\nThe text.\n---',
      temperature: 0,
      maxTokens: 400,
      costTask: 'summary',
    });
  });

  it('sends at most the head of a long text', async () => {
    const model = llm('Short.');
    await summariseWithLlm(model, DIGEST, 'x'.repeat(LLM_SUMMARY_INPUT_CHARS + 10));
    expect(model.requests[0].prompt.endsWith(`${'x'.repeat(10)} […]\n---`)).toBe(true);
    expect(model.requests[0].prompt.length).toBe(LLM_SUMMARY_INPUT_CHARS + 53);
  });

  it.each([
    ['', 'the LLM answered nothing'],
    ['```json\n{"summary": "x"}\n```', 'the LLM answered markup, not prose'],
    ['{"summary": "x"}', 'the LLM answered markup, not prose'],
    ['- one\n- two', 'the LLM answered markup, not prose'],
    ['A. '.repeat(9).trim(), 'the LLM answered 9 sentences'],
    ['word '.repeat(400), 'the LLM answered 1999 characters, not a summary'],
  ])('keeps the extractive summary when the answer is unusable (%j)', async (answer, reason) => {
    expect(await summariseWithLlm(llm(answer), DIGEST, 'The text.')).toEqual({ used: false, digest: DIGEST, reason });
  });

  it('keeps it, saying why, when the call fails or there is no LLM', async () => {
    expect(await summariseWithLlm(llm(new Error('503 from the model server')), DIGEST, 'The text.')).toEqual({
      used: false,
      digest: DIGEST,
      reason: 'the LLM call failed: 503 from the model server',
    });
    const off = llm('unused', false);
    expect(await summariseWithLlm(off, DIGEST, 'The text.')).toEqual({
      used: false,
      digest: DIGEST,
      reason: 'no LLM is configured',
    });
    expect(off.requests).toEqual([]);
  });
});
