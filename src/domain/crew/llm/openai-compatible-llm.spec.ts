import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenAiCompatibleLlm } from './openai-compatible-llm';

interface SeenRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/** A stand-in for an OpenAI-compatible server on loopback: non-streaming chat completions only. */
class FakeChatServer {
  readonly requests: SeenRequest[] = [];
  failWith: { status: number; body: unknown; headers?: Record<string, string> } | null = null;
  /** Leave requests unanswered (until the client gives up). */
  hang = false;
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const body = JSON.parse(raw) as Record<string, unknown>;
    this.requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      body,
    });
    if (this.hang) return;
    const reply =
      this.failWith ??
      (req.method === 'POST' && req.url === '/v1/chat/completions'
        ? { status: 200, body: completion(String(body.model)) }
        : { status: 404, body: { error: { message: 'not found' } } });
    res
      .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      .end(JSON.stringify(reply.body));
  }
}

function completion(model: string) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: `${model}-2024`,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Three claims found.' }, finish_reason: 'length' }],
    usage: { prompt_tokens: 21, completion_tokens: 4, total_tokens: 25 },
  };
}

describe(OpenAiCompatibleLlm.name, () => {
  const server = new FakeChatServer();
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
    server.failWith = null;
    server.hang = false;
  });

  it('is enabled', () => {
    expect(new OpenAiCompatibleLlm({ baseUrl, model: 'tiny' }).enabled).toBe(true);
  });

  describe('complete', () => {
    it('sends model, system and user messages, max_tokens and temperature', async () => {
      const sut = new OpenAiCompatibleLlm({ baseUrl, model: 'tiny', apiKey: 'k-1' });
      await sut.complete({ system: 'List claims.', prompt: 'The sky is green.', maxTokens: 64, temperature: 0.2 });
      expect(server.requests).toHaveLength(1);
      const [request] = server.requests;
      expect(request?.method).toBe('POST');
      expect(request?.path).toBe('/v1/chat/completions');
      expect(request?.authorization).toBe('Bearer k-1');
      expect(request?.body).toEqual({
        model: 'tiny',
        max_tokens: 64,
        temperature: 0.2,
        messages: [
          { role: 'system', content: 'List claims.' },
          { role: 'user', content: 'The sky is green.' },
        ],
      });
    });

    it('leaves out the settings that are not given', async () => {
      const sut = new OpenAiCompatibleLlm({ baseUrl, model: 'tiny' });
      await sut.complete({ prompt: 'Hi' });
      expect(server.requests[0]?.authorization).toBeUndefined();
      expect(server.requests[0]?.body).toEqual({ model: 'tiny', messages: [{ role: 'user', content: 'Hi' }] });
    });

    it('sends the request’s model instead of the configured one when it names one (the budget’s cheaper model)', async () => {
      const sut = new OpenAiCompatibleLlm({ baseUrl, model: 'tiny' });
      expect(sut.defaultModel).toBe('tiny');
      await sut.complete({ prompt: 'Hi', model: 'tinier' });
      await sut.complete({ prompt: 'Hi', costTask: 'analysis' });
      expect(server.requests.map((r) => r?.body.model)).toEqual(['tinier', 'tiny']);
    });

    it('maps the text, model, usage and finish reason', async () => {
      const sut = new OpenAiCompatibleLlm({ baseUrl, model: 'tiny' });
      await expect(sut.complete({ prompt: 'Hi' })).resolves.toEqual({
        text: 'Three claims found.',
        model: 'tiny-2024',
        inputTokens: 21,
        outputTokens: 4,
        finishReason: 'length',
      });
    });

    it('rejects with the status on a server error, without retrying', async () => {
      server.failWith = { status: 500, body: { error: { message: 'model crashed', type: 'server_error' } } };
      const sut = new OpenAiCompatibleLlm({ baseUrl, model: 'tiny' });
      await expect(sut.complete({ prompt: 'Hi' })).rejects.toThrow('LLM call to tiny failed: HTTP 500: model crashed');
      expect(server.requests).toHaveLength(1);
    });

    it('retries only when asked to, and still names the status', async () => {
      server.failWith = { status: 503, body: { error: { message: 'busy' } }, headers: { 'retry-after-ms': '1' } };
      const sut = new OpenAiCompatibleLlm({ baseUrl, model: 'tiny', maxRetries: 1 });
      await expect(sut.complete({ prompt: 'Hi' })).rejects.toThrow('LLM call to tiny failed: HTTP 503: busy');
      expect(server.requests).toHaveLength(2);
    });

    it('rejects after timeoutMs when the server does not answer', async () => {
      server.hang = true;
      const sut = new OpenAiCompatibleLlm({ baseUrl, model: 'tiny', timeoutMs: 50 });
      await expect(sut.complete({ prompt: 'Hi' })).rejects.toThrow('LLM call to tiny failed: no answer within 50 ms');
      expect(server.requests).toHaveLength(1);
    });

    it('rejects when the signal is aborted during the call', async () => {
      server.hang = true;
      const sut = new OpenAiCompatibleLlm({ baseUrl, model: 'tiny' });
      const controller = new AbortController();
      const pending = sut.complete({ prompt: 'Hi', signal: controller.signal });
      while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort(new Error('run cancelled'));
      await expect(pending).rejects.toThrow('run cancelled');
    });

    it('rejects when the signal is already aborted', async () => {
      const sut = new OpenAiCompatibleLlm({ baseUrl, model: 'tiny' });
      const controller = new AbortController();
      controller.abort(new Error('run cancelled'));
      await expect(sut.complete({ prompt: 'Hi', signal: controller.signal })).rejects.toThrow('run cancelled');
    });
  });
});
