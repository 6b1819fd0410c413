import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testConfig } from '../../../../test/fixtures/test-config';
import { ManualClock } from '../../../core/runtime/clock';
import { sequentialIds } from '../../../core/runtime/id-generator';
import { InMemoryReplayCache } from '../../../infrastructure/security/webhooks/in-memory.replay-cache';
import { OutboundWebhookSigner } from '../../../infrastructure/security/webhooks/outbound-webhook.signer';
import { WebhookVerifier, type WebhookVerification } from '../../../infrastructure/security/webhooks/webhook-verifier';
import { DiscordWebhookProgress, truncateContent } from './discord-webhook-progress';

interface SeenRequest {
  method: string;
  path: string;
  body: { content?: string };
}
type Reply = { status: number; body: unknown };

/**
 * A stand-in for Discord's webhook API on loopback: records requests, answers like Discord unless scripted. With a
 * `verifier`, it also checks each request's Standard Webhooks signature over the raw body, as a receiver would.
 */
class FakeDiscord {
  readonly requests: SeenRequest[] = [];
  /** Replies used, in order, before the default behaviour. */
  readonly scripted: Reply[] = [];
  /** The signature headers of each request (undefined when absent). */
  readonly signatures: { id?: string; timestamp?: string; signature?: string }[] = [];
  /** The verifier's verdict on each request, while `verifier` is set. */
  readonly verdicts: WebhookVerification[] = [];
  verifier: WebhookVerifier | undefined;
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/webhooks/42/secret-token`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const body = JSON.parse(raw.toString('utf8')) as { content?: string };
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', body });
    const header = (name: string) => req.headers[name] as string | undefined;
    this.signatures.push({
      id: header('webhook-id'),
      timestamp: header('webhook-timestamp'),
      signature: header('webhook-signature'),
    });
    if (this.verifier) this.verdicts.push(await this.verifier.verify(req.headers, raw));
    const reply = this.scripted.shift() ?? { status: 200, body: { id: '123', content: body.content } };
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
  }
}

describe(DiscordWebhookProgress.name, () => {
  const discord = new FakeDiscord();
  let webhookUrl: string;
  let requests: SeenRequest[];

  beforeAll(async () => {
    webhookUrl = await discord.start();
  });
  afterAll(() => discord.stop());
  beforeEach(() => {
    discord.requests.length = 0;
    discord.scripted.length = 0;
    discord.signatures.length = 0;
    discord.verdicts.length = 0;
    discord.verifier = undefined;
    requests = discord.requests;
  });

  describe('constructor', () => {
    it.each(['ftp://127.0.0.1/hook', 'not a url'])('rejects the webhook URL %s', (url) => {
      expect(() => new DiscordWebhookProgress({ webhookUrl: url })).toThrow(/webhookUrl/);
    });
  });

  describe('post', () => {
    it('posts the content with wait=true, then edits the returned message', async () => {
      const sut = new DiscordWebhookProgress({ webhookUrl });
      await sut.post('Downloading', { step: { current: 1, total: 5 } });
      await sut.edit('Transcribing');
      expect(requests).toEqual([
        { method: 'POST', path: '/api/webhooks/42/secret-token?wait=true', body: { content: 'Downloading' } },
        { method: 'PATCH', path: '/api/webhooks/42/secret-token/messages/123', body: { content: 'Transcribing' } },
      ]);
      expect(sut.isOpen()).toBe(true);
    });

    it('skips ephemeral text, which is meant for the invoker only', async () => {
      const sut = new DiscordWebhookProgress({ webhookUrl });
      await sut.post('only for you', { ephemeral: true });
      await sut.edit('still only for you', { ephemeral: true });
      expect(requests).toEqual([]);
    });

    it('truncates content to 2000 characters ending with an ellipsis', async () => {
      const sut = new DiscordWebhookProgress({ webhookUrl });
      await sut.post('x'.repeat(2500));
      const content = requests[0]?.body.content ?? '';
      expect(content).toHaveLength(2000);
      expect(content.endsWith('x…')).toBe(true);
    });

    it('waits out one 429 for retry_after seconds, then sends again', async () => {
      discord.scripted.push({
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: 0.01, global: false },
      });
      const sut = new DiscordWebhookProgress({ webhookUrl });
      await sut.post('hello');
      expect(requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    });

    it('gives up with an error on a second 429', async () => {
      discord.scripted.push({ status: 429, body: { retry_after: 0.01 } }, { status: 429, body: { retry_after: 0.01 } });
      const sut = new DiscordWebhookProgress({ webhookUrl });
      await expect(sut.post('hello')).rejects.toThrow(
        'Discord webhook POST failed: still rate limited (HTTP 429) after waiting once',
      );
      expect(requests).toHaveLength(2);
    });

    it('throws at once when retry_after goes beyond the timeout', async () => {
      discord.scripted.push({ status: 429, body: { retry_after: 30 } });
      const sut = new DiscordWebhookProgress({ webhookUrl, timeoutMs: 1000 });
      await expect(sut.post('hello')).rejects.toThrow(
        'Discord webhook POST failed: rate limited (HTTP 429) for 30000 ms, beyond the 1000 ms timeout',
      );
      expect(requests).toHaveLength(1);
    });

    it('throws with the status and a body excerpt on other errors, without the webhook token', async () => {
      discord.scripted.push({ status: 400, body: { message: 'Cannot send an empty message', code: 50006 } });
      const sut = new DiscordWebhookProgress({ webhookUrl });
      const error = (await sut.post('').catch((e: unknown) => e)) as Error;
      expect(error.message).toBe(
        'Discord webhook POST failed: HTTP 400: {"message":"Cannot send an empty message","code":50006}',
      );
      expect(error.message).not.toContain('secret-token');
    });
  });

  describe('edit', () => {
    it('posts when nothing was posted yet', async () => {
      const sut = new DiscordWebhookProgress({ webhookUrl });
      await sut.edit('first');
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/webhooks/42/secret-token?wait=true']);
    });

    it('closes the session on 404 and ignores later calls', async () => {
      const sut = new DiscordWebhookProgress({ webhookUrl });
      await sut.post('start');
      discord.scripted.push({ status: 404, body: { message: 'Unknown Message', code: 10008 } });
      await expect(sut.edit('next')).resolves.toBeUndefined();
      expect(sut.isOpen()).toBe(false);
      await sut.post('ignored');
      await sut.edit('ignored');
      expect(requests.map((r) => r.method)).toEqual(['POST', 'PATCH']);
    });

    it('sends calls in order: an edit made during a post edits that post', async () => {
      const sut = new DiscordWebhookProgress({ webhookUrl });
      await Promise.all([sut.post('one'), sut.edit('two'), sut.edit('three')]);
      expect(requests.map((r) => `${r.method} ${r.body.content}`)).toEqual(['POST one', 'PATCH two', 'PATCH three']);
    });

    it('keeps going after a failed call', async () => {
      const sut = new DiscordWebhookProgress({ webhookUrl });
      discord.scripted.push({ status: 500, body: { message: 'oops' } });
      const results = await Promise.allSettled([sut.post('one'), sut.edit('two')]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
      expect(requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    });
  });

  describe('signing', () => {
    const SECRET = `whsec_${Buffer.alloc(32, 5).toString('base64')}`;
    const OLD_SECRET = `whsec_${Buffer.alloc(32, 6).toString('base64')}`;
    const NOW_MS = 1_700_000_000_000;
    let clock: ManualClock;

    const signer = (webhooks: Record<string, unknown>) =>
      new OutboundWebhookSigner(testConfig({ webhooks }).webhooks, clock, sequentialIds('progress'));
    const receiver = (secrets: string[]) =>
      new WebhookVerifier({ source: 'crew', secrets, clock, replay: new InMemoryReplayCache(clock, 100) });

    beforeEach(() => {
      clock = new ManualClock(NOW_MS);
    });

    it('signs every request with the Standard Webhooks headers, which a receiver verifies', async () => {
      const outbound = signer({ outboundSecret: SECRET });
      discord.verifier = receiver([SECRET]);
      const sut = new DiscordWebhookProgress({ webhookUrl, signer: () => outbound });
      await sut.post('Downloading');
      await sut.edit('Transcribing');
      expect(discord.verdicts).toEqual([
        { ok: true, id: 'msg_progress-1', timestampSeconds: 1_700_000_000 },
        { ok: true, id: 'msg_progress-2', timestampSeconds: 1_700_000_000 },
      ]);
      expect(discord.signatures.map((s) => [s.id, s.timestamp])).toEqual([
        ['msg_progress-1', '1700000000'],
        ['msg_progress-2', '1700000000'],
      ]);
    });

    it('signs the request after a 429 again, under a new id the receiver accepts', async () => {
      discord.scripted.push({ status: 429, body: { retry_after: 0.01 } });
      const outbound = signer({ outboundSecret: SECRET });
      discord.verifier = receiver([SECRET]);
      const sut = new DiscordWebhookProgress({ webhookUrl, signer: () => outbound });
      await sut.post('hello');
      expect(discord.verdicts.map((v) => v.ok && v.id)).toEqual(['msg_progress-1', 'msg_progress-2']);
    });

    it('sends both signatures during a rotation: a receiver still on the old secret accepts them', async () => {
      const outbound = signer({ outboundSecret: SECRET, outboundPreviousSecret: OLD_SECRET });
      discord.verifier = receiver([OLD_SECRET]);
      const sut = new DiscordWebhookProgress({ webhookUrl, signer: () => outbound });
      await sut.post('hello');
      expect(discord.signatures[0]?.signature?.split(' ')).toHaveLength(2);
      expect(discord.verdicts).toEqual([{ ok: true, id: 'msg_progress-1', timestampSeconds: 1_700_000_000 }]);
    });

    it('is refused by a receiver that has another secret', async () => {
      const outbound = signer({ outboundSecret: SECRET });
      discord.verifier = receiver([OLD_SECRET]);
      await new DiscordWebhookProgress({ webhookUrl, signer: () => outbound }).post('hello');
      expect(discord.verdicts).toEqual([{ ok: false, reason: 'bad_signature', id: 'msg_progress-1' }]);
    });

    it.each([
      ['no signer is provided', undefined],
      ['the signer has no secret', () => signer({})],
    ])('sends unsigned requests when %s', async (_case, makeSigner) => {
      const outbound = makeSigner?.();
      const sut = new DiscordWebhookProgress({ webhookUrl, signer: outbound ? () => outbound : undefined });
      await sut.post('hello');
      expect(discord.signatures).toEqual([{ id: undefined, timestamp: undefined, signature: undefined }]);
    });
  });
});

describe(truncateContent.name, () => {
  it('leaves text within the limit as it is', () => {
    expect(truncateContent('abc', 3)).toBe('abc');
  });

  it('does not split a surrogate pair', () => {
    expect(truncateContent('ab😀cd', 4)).toBe('ab…');
  });
});
