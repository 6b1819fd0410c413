import { DisabledLlm, type LlmPort } from './llm.port';

describe(DisabledLlm.name, () => {
  it('is disabled', () => {
    expect(new DisabledLlm().enabled).toBe(false);
  });

  it('rejects with the settings that enable an LLM', async () => {
    const sut: LlmPort = new DisabledLlm();
    await expect(sut.complete({ prompt: 'Summarise' })).rejects.toThrow(
      'No LLM is configured: set llm.baseUrl and llm.model (and llm.apiKey if the endpoint needs one), ' +
        'or the environment variables LLM_BASE_URL, LLM_MODEL and LLM_API_KEY',
    );
  });
});
