import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadCorpus } from '../../../bench/eval/corpus';
import { chatCompletion } from '../../fixtures/chat-completion';
import { evaluateCorpus } from '../../../bench/eval/evaluate';
import { evalLlmFromEnv, llmSystem } from '../../../bench/eval/llm-system';

/** A local OpenAI-compatible stand-in: answers every chat request with `reply(prompt)`. */
async function standIn(reply: (prompt: string) => string): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const prompt = (JSON.parse(body) as { messages: { role: string; content: string }[] }).messages.at(-1)!.content;
      res.setHeader('content-type', 'application/json');
      res.end(chatCompletion(reply(prompt)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

describe('the eval’s optional LLM path', () => {
  it('reads the endpoint from the environment, naming a missing half', () => {
    expect(evalLlmFromEnv({})).toBeNull();
    expect(evalLlmFromEnv({ EVAL_LLM_BASE_URL: 'http://127.0.0.1:1/v1', EVAL_LLM_MODEL: 'm' })).toEqual({
      baseUrl: 'http://127.0.0.1:1/v1',
      model: 'm',
    });
    expect(() => evalLlmFromEnv({ EVAL_LLM_MODEL: 'm' })).toThrow(
      'EVAL_LLM_BASE_URL is required when EVAL_LLM_MODEL is set',
    );
    expect(() => evalLlmFromEnv({ EVAL_LLM_BASE_URL: 'http://127.0.0.1:1/v1' })).toThrow(
      'EVAL_LLM_MODEL is required when EVAL_LLM_BASE_URL is set',
    );
  });

  it('scores the model’s summaries the same way, keeping the extractive one where an answer is refused', async () => {
    const corpus = loadCorpus().slice(0, 2);
    // The stand-in echoes the reference of the first document (a perfect summary) and answers markup for the second.
    const { server, baseUrl } = await standIn((prompt) =>
      prompt.includes(corpus[0].prose.slice(0, 200)) ? corpus[0].reference : '```\nnot prose\n```',
    );
    try {
      const { system, refused } = await llmSystem(corpus, { baseUrl, model: 'stand-in' });
      expect(refused).toEqual([`${corpus[1].slug}: the LLM answered markup, not prose`]);
      const report = evaluateCorpus(corpus, { system });
      expect(report.documents[0].rouge.system).toEqual({ r1: 1, r2: 1, rL: 1 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
