import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions } from 'fastify';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { chatCompletion } from '../fixtures/chat-completion';
import { systemClock } from '../../src/core/runtime/clock';
import { LLM, type LlmPort } from '../../src/domain/crew/ports/llm.port';
import { ResilienceService } from '../../src/infrastructure/resilience/resilience.service';
import { InMemoryReplayCache } from '../../src/infrastructure/security/webhooks/in-memory.replay-cache';
import { WebhookVerifier, type WebhookVerification } from '../../src/infrastructure/security/webhooks/webhook-verifier';
import { jsonBody } from '../fixtures/json-body';
import { appTestConfig } from '../fixtures/test-config';

// Decoded once at the end: a chunk boundary may fall inside a multi-byte character, and signatures cover the bytes.
const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

/** The `content` of a Discord webhook post or edit. */
const contentOf = (post: { body: string }) => (JSON.parse(post.body) as { content: string }).content;

/** The fields of a run that these tests read. */
interface Run {
  readonly status: string;
  readonly mode: string;
  readonly events: readonly unknown[];
}

const WEBHOOK_SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;

/** The opt-in adapters wired by config, each through the resilience port: a Discord webhook and an LLM endpoint (local stand-ins). */
describe('content adapters from config (e2e)', () => {
  let app: NestFastifyApplication;
  let server: Server;
  const seen: { method: string; url: string; body: string }[] = [];
  /** The stand-in checks each webhook's signature as a receiver would. */
  const receiver = new WebhookVerifier({
    source: 'crew',
    secrets: [WEBHOOK_SECRET],
    clock: systemClock,
    replay: new InMemoryReplayCache(systemClock, 1000),
  });
  const verdicts: WebhookVerification[] = [];

  beforeAll(async () => {
    const standIn = async (req: IncomingMessage, res: ServerResponse) => {
      const text = await body(req);
      seen.push({ method: req.method ?? '', url: req.url ?? '', body: text });
      if (req.url?.startsWith('/hook')) verdicts.push(await receiver.verify(req.headers, text));
      res.setHeader('content-type', 'application/json');
      if (req.url === '/page')
        return void res
          .setHeader('content-type', 'text/plain')
          .end('Tides rose 20 cm in 2025 according to the harbour office.');
      if (req.url?.startsWith('/hook'))
        return void res.end(JSON.stringify({ id: 'm1', content: contentOf({ body: text }) }));
      if (req.url === '/v1/chat/completions') {
        return void res.end(
          chatCompletion('A short answer.', { id: 'c1', usage: { prompt_tokens: 7, completion_tokens: 3 } }),
        );
      }
      res.statusCode = 404;
      res.end('{}');
    };
    // A stand-in that fails answers 500, which the adapter under test then reports.
    server = createServer((req, res) => void standIn(req, res).catch(() => res.writeHead(500).end('{}')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    app = await createApp({
      config: appTestConfig({
        content: { allowedCidrs: ['127.0.0.0/8'], ytDlp: 'off', discordWebhookUrl: `${base}/hook` },
        llm: { baseUrl: `${base}/v1`, model: 'stand-in' },
        webhooks: { outboundSecret: WEBHOOK_SECRET },
      }),
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    seen.push({ method: 'BASE', url: base, body: '' });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => server.close(resolve));
  }, BOOT_TIMEOUT_MS);

  it('posts a run’s progress to the Discord webhook (one post, then edits of it; the report as a post)', async () => {
    const base = seen.find((s) => s.method === 'BASE')!.url;
    const run = jsonBody<Run>(
      await app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'POST',
          url: '/autointel?wait=true',
          payload: { url: `${base}/page`, mode: 'fallback' },
        } as InjectOptions),
    );
    expect(run.status).toBe('completed');
    const hook = seen.filter((s) => s.url.startsWith('/hook'));
    expect(hook.map((h) => `${h.method} ${h.url}`)).toEqual([
      'POST /hook?wait=true',
      'PATCH /hook/messages/m1',
      'PATCH /hook/messages/m1',
      'PATCH /hook/messages/m1',
      'PATCH /hook/messages/m1',
      'POST /hook?wait=true',
    ]);
    expect(contentOf(hook[4])).toContain('`██████████` 5/5');
    expect(app.get(ResilienceService).findBreaker('content.discord')).toBeDefined();
    // Signed with webhooks.outboundSecret, each under its own id.
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, true, true, true]);
  });

  it('posts every autonomous update as a new webhook message, never an edit, and the report last', async () => {
    const base = seen.find((s) => s.method === 'BASE')!.url;
    const before = seen.filter((s) => s.url.startsWith('/hook')).length;
    const run = jsonBody<Run>(
      await app
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'POST', url: '/autointel?wait=true', payload: { url: `${base}/page` } } as InjectOptions),
    );
    expect([run.status, run.mode]).toEqual(['completed', 'autonomous']);
    const hook = seen.filter((s) => s.url.startsWith('/hook')).slice(before);
    expect(hook.length).toBe(run.events.length);
    expect(hook.every((h) => `${h.method} ${h.url}` === 'POST /hook?wait=true')).toBe(true);
    expect(contentOf(hook[0])).toContain('⚪⚪⚪⚪⚪ 0/5 (0%)');
    expect(contentOf(hook[5])).toContain('🟢🟢🟢🟢🟢 5/5 (100%)');
    expect(contentOf(hook[6])).toMatch(/^# .+\n/);
  });

  it('serves the LLM port from llm.baseUrl and llm.model, through the resilience port', async () => {
    const llm = app.get<LlmPort>(LLM);
    expect(llm.enabled).toBe(true);
    expect(await llm.complete({ prompt: 'Say something short.' })).toEqual({
      text: 'A short answer.',
      model: 'stand-in',
      inputTokens: 7,
      outputTokens: 3,
      finishReason: 'stop',
    });
    const sent = JSON.parse(seen.filter((s) => s.url === '/v1/chat/completions').at(-1)!.body) as {
      model: string;
      messages: unknown;
    };
    expect([sent.model, sent.messages]).toEqual(['stand-in', [{ role: 'user', content: 'Say something short.' }]]);
    expect(app.get(ResilienceService).findBreaker('content.llm')).toBeDefined();
  });
});
