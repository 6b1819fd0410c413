import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions } from 'fastify';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { chatCompletion } from '../fixtures/chat-completion';
import { llmCallCost } from '../../src/domain/crew/run-support/model-prices';
import { jsonBody } from '../fixtures/json-body';
import { appTestConfig } from '../fixtures/test-config';

/** The fields of a finished run's result data that these tests read. */
interface LlmRun {
  readonly result: {
    readonly data: {
      readonly status: string;
      readonly runtime: string;
      readonly plan: { readonly tasks: readonly string[] };
      readonly tasks: Readonly<Record<string, { readonly parsed: { readonly transcript?: string } }>>;
      readonly stages: Readonly<Record<string, { readonly status: string }>>;
      readonly cost: { readonly spent: number };
      readonly messages: readonly string[];
      readonly contentReport: {
        readonly content: { readonly summary: { readonly sentences: readonly string[]; readonly method: string } };
        readonly method: { readonly llmUsed: boolean };
        readonly notices: readonly string[];
      };
    };
  };
}

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(text));
  });

/**
 * A stand-in OpenAI-compatible model: it answers each crew task with a fenced JSON block holding the keys its
 * system prompt asks for (every value a sentence), the report's summary request with one sentence, and reports
 * `usage` tokens per call.
 */
function answer(system: string): string {
  if (system.startsWith('You summarise documents')) return 'The harbour office reports that tides rose 20 cm in 2025.';
  const keys = /holding exactly the keys: ([^.]+)\./.exec(system)?.[1].split(', ') ?? [];
  const value = (key: string) =>
    key === 'transcript'
      ? 'Tides rose 20 cm in 2025 according to the harbour office. '.repeat(3).trim()
      : `The ${key.replace(/_/g, ' ')} as found.`;
  return keys.length
    ? `Done.\n\`\`\`json\n${JSON.stringify(Object.fromEntries(keys.map((k) => [k, value(k)])))}\n\`\`\``
    : 'Research topics: tides, harbour.';
}

/** `autonomous_intelligence` with `autointel.agentRuntime: llm` against a local stand-in model, through the budgeted LLM port. */
describe('autonomous mode with the LLM runtime (e2e)', () => {
  let app: NestFastifyApplication;
  let server: Server;
  let base = '';
  const calls: { model: string; system: string }[] = [];
  let usage = { prompt_tokens: 300, completion_tokens: 200 };
  const inject = (o: InjectOptions) => app.getHttpAdapter().getInstance().inject(o);

  beforeAll(async () => {
    const standIn = async (req: IncomingMessage, res: ServerResponse) => {
      if (req.url === '/page')
        return void res
          .writeHead(200, { 'content-type': 'text/plain' })
          .end('Tides rose 20 cm in 2025 according to the harbour office.');
      if (req.url !== '/v1/chat/completions') return void res.writeHead(404).end('{}');
      const request = JSON.parse(await body(req)) as { model: string; messages: { role: string; content: string }[] };
      const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
      calls.push({ model: request.model, system });
      const content = answer(system);
      res.setHeader('content-type', 'application/json');
      res.end(chatCompletion(content, { model: request.model, usage }));
    };
    // A stand-in that fails answers 500, which the run under test then reports.
    server = createServer((req, res) => void standIn(req, res).catch(() => res.writeHead(500).end('{}')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    app = await createApp({
      config: appTestConfig({
        content: { allowedCidrs: ['127.0.0.0/8'], ytDlp: 'off' },
        llm: { baseUrl: `${base}/v1`, model: 'gpt-4o', cheaperModel: 'gpt-4o-mini' },
        autointel: { agentRuntime: 'llm', parallelAnalysis: false },
      }),
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => server.close(resolve));
  }, BOOT_TIMEOUT_MS);

  it('prompts the model once per task with its contract, plus S10 and the summary, and charges the reported tokens to the run', async () => {
    calls.length = 0;
    const res = await inject({ method: 'POST', url: '/autointel?wait=true', payload: { url: `${base}/page` } });
    const data = jsonBody<LlmRun>(res).result.data;
    expect([res.statusCode, data.status, data.runtime, data.plan.tasks]).toEqual([
      200,
      'completed',
      'llm',
      ['acquisition', 'transcription', 'analysis'],
    ]);
    expect(calls.map((c) => c.model)).toEqual(['gpt-4o', 'gpt-4o', 'gpt-4o', 'gpt-4o', 'gpt-4o']);
    expect(calls[0].system).toContain(
      'holding exactly the keys: url, video_id, file_path, title, description, author, duration, platform.',
    );
    expect(data.tasks.transcription.parsed.transcript).toMatch(/^Tides rose 20 cm/);
    expect(data.stages.S10.status).toBe('ok');
    expect(data.cost.spent).toBeCloseTo(5 * llmCallCost('gpt-4o', 500), 9);
    expect([data.contentReport.content.summary, data.contentReport.method.llmUsed]).toEqual([
      { sentences: ['The harbour office reports that tides rose 20 cm in 2025.'], method: 'llm', outline: [] },
      true,
    ]);
  });

  it('records spend past a cap (the money is spent), refuses the calls the budget can no longer pay, and the run goes on', async () => {
    calls.length = 0;
    usage = { prompt_tokens: 90_000, completion_tokens: 10_000 }; // $0.50 per gpt-4o call
    const res = await inject({ method: 'POST', url: '/autointel?wait=true', payload: { url: `${base}/page` } });
    usage = { prompt_tokens: 300, completion_tokens: 200 };
    const data = jsonBody<LlmRun>(res).result.data;
    // Three task calls fit their estimates and cost $0.50 each, reaching the $1.50 total; S10 is then refused unsent
    // (gpt-4o-mini does not fit either) and fails alone with budget_exceeded.
    expect([res.statusCode, data.status, calls.map((c) => c.model)]).toEqual([
      200,
      'completed',
      ['gpt-4o', 'gpt-4o', 'gpt-4o'],
    ]);
    expect(data.stages.S10).toMatchObject({ status: 'error', category: 'budget_exceeded' });
    expect(data.cost).toEqual({ spent: 1.5, budget: 1.5, utilisation: 1 });
    expect(data.messages.at(-1)).toBe('💰 Cost: $1.500 of $1.50 budget (100.0% used)');
    // The summary's call is refused the same way: the report keeps the extractive summary and says why.
    expect(data.contentReport.content.summary.method).toBe('textrank');
    expect(data.contentReport.notices).toEqual([
      expect.stringMatching(/^The summary is extractive: the LLM call failed: .*budget/),
    ]);
  });
});
